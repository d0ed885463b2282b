/**
 * A placement's predicted steady state on the whole stack: the least steady state (leakage and
 * refresh at their own temperatures, steady-start.ts) of its nominal activity (the mean window of
 * its first whole decode steps, nominal-activity.ts), lowered by the physicalizer and turned into
 * block powers by the power model, as the run's steady start does (warm-start.ts, over its first
 * 100 windows), without the closed-loop warm-up after it: no TACS, DVFS or refresh feedback.
 * Unlike TAPS's own prediction (T = ambient + H p over the cores, at the expert load it models)
 * it covers the DRAM dies and every power the loop computes: attention, weight and KV traffic,
 * refresh, leakage, the idle floors. How it relates to a run's peaks: docs/model.md "Predicted
 * and simulated peaks".
 */
import {
  buildTopology,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type ThermalBackend,
} from '@tasmoe/schemas';
import { createArchThermalBackend, createBlockTemperaturesC, createWindowPower } from '@tasmoe/comet-adapter';
import { createPhysicalizer } from '@tasmoe/physicalizer';
import { createLogicalSource } from '@tasmoe/traces';
import { NOMINAL_STEPS, nominalActivity } from './nominal-activity.js';
import { settleActivity } from './steady-start.js';
import type { OpenSource } from './window-source.js';
import { max, sum } from './window-record.js';

export interface SteadyPredictionInput {
  readonly arch: ResolvedArchConfig;
  readonly tas: ResolvedTasParams;
  readonly workload: ResolvedWorkloadConfig;
  readonly placement: Placement;
  /** The stack's steady solver (shared between placements: steady solves keep no state). */
  readonly thermal: ThermalBackend;
  /** Average exactly this many windows instead of the first whole decode steps. */
  readonly windows?: number;
  readonly openSource?: OpenSource;
}

export interface SteadyPrediction {
  readonly peakLogicC: number;
  readonly peakDramC: number;
  readonly meanLogicC: number;
  readonly meanDramC: number;
  readonly logicW: number;
  readonly dramW: number;
  /** Windows averaged (fewer when the trace ends first). */
  readonly windows: number;
  /** Steady temperature of each core, C. */
  readonly coreC: Float64Array;
  /**
   * Each core's power that depends on what runs where: dynamic, clock (busy) and NoC watts, all but
   * leakage (the input of @tasmoe/taps schedulingHeadroom).
   */
  readonly coreMovableW: Float64Array;
  /**
   * Each vault's DRAM access watts (reads and writes of its banks, every die): the placement moves
   * them with the experts' shards; they heat the cores below (schedulingHeadroom's `reads`).
   */
  readonly vaultAccessW: Float64Array;
  readonly leakageIterations: number;
}

export function predictSteadyState(input: SteadyPredictionInput): SteadyPrediction {
  const { arch, tas, workload, placement, thermal } = input;
  const topology = buildTopology(arch);
  const source = (input.openSource ?? (() => createLogicalSource(workload)))();
  const phys = createPhysicalizer({ arch, tas, workload, placement, source });
  const span = input.windows === undefined ? { steps: NOMINAL_STEPS } : { windows: input.windows };
  const { activity, windows } = nominalActivity(phys, workload, span);
  const power = createWindowPower(topology.coreCount, topology.bankCount);
  const blockPowerW = new Float64Array(topology.coreCount + topology.bankCount);
  const temps = createBlockTemperaturesC(topology.coreCount, topology.bankCount, arch.thermal.ambient_c);
  const iterations = settleActivity({ arch, topology, thermal, activity, into: temps, power, blockPowerW, tolC: 0.01 });
  const vaultAccessW = new Float64Array(topology.coreCount);
  for (let b = 0; b < topology.bankCount; b++) {
    const v = topology.bankOwnerCore(b);
    vaultAccessW[v] = (vaultAccessW[v] as number) + (power.bankAccessW[b] as number);
  }
  return {
    peakLogicC: max(temps.coreC),
    peakDramC: max(temps.bankC),
    meanLogicC: mean0(temps.coreC),
    meanDramC: mean0(temps.bankC),
    logicW: sum(power.coreW),
    dramW: sum(power.bankW),
    windows,
    coreC: Float64Array.from(temps.coreC),
    coreMovableW: Float64Array.from(
      { length: topology.coreCount },
      (_, c) => (power.coreDynamicW[c] as number) + (power.coreIdleW[c] as number) + (power.coreNocW[c] as number),
    ),
    vaultAccessW,
    leakageIterations: iterations,
  };
}

/**
 * predictSteadyState for several placements of one configuration, on one thermal back end of the
 * arch (the one `thermal.backend` names; its factorisation and sub-cell kernel are built once).
 */
export function predictSteadyStates(
  configs: Pick<SteadyPredictionInput, 'arch' | 'tas' | 'workload' | 'windows' | 'openSource'>,
  placements: readonly Placement[],
): SteadyPrediction[] {
  const thermal = createArchThermalBackend(configs.arch);
  try {
    return placements.map((placement) => predictSteadyState({ ...configs, placement, thermal }));
  } finally {
    thermal.dispose();
  }
}

function mean0(a: ArrayLike<number>): number {
  return a.length === 0 ? Number.NaN : sum(a) / a.length;
}
