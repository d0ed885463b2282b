/**
 * The start of the measured pass (SPEC section 4, Thermal): the steady state of
 * the scenario's nominal power, as HotSpot users warm up. The nominal activity
 * is the mean of a closed-loop warm-up (TACS, DVFS and refresh included) that
 * itself starts from the steady state of the unthrottled first windows; the
 * measured pass then starts afresh from the warm-up's steady state. With
 * `thermal.initial: ambient` every block starts at ambient instead.
 */
import type { PhysicalWindow } from '@tasmoe/schemas';
import { checkThermalTrip, createHardwareSnapshot, nextHardwareState } from '@tasmoe/comet-adapter';
import { createPhysicalizer } from '@tasmoe/physicalizer';
import { KELVIN_OFFSET } from '@tasmoe/thermal';
import { createWindowAverager } from './average-window.js';
import { nominalActivity } from './nominal-activity.js';
import { runPass, startPass, type LoopState } from './closed-loop.js';
import { fixed } from './observers.js';
import { settleActivity } from './steady-start.js';
import { max, sum } from './window-record.js';

/**
 * Windows of the dry lowering and the closed-loop warm-up with `thermal.warmup_steps: 0`: less
 * than half a default decode step, so the default run heats up from its start (docs/model.md
 * "Predicted and simulated peaks"); warmup_steps > 0 averages whole steps instead.
 */
const WARMUP_WINDOWS = 100;

/** The measured pass's start: its hottest core and bank, C. */
export interface StartTemperatures {
  readonly coreC: number;
  readonly bankC: number;
}

/** Sets the thermal state the measured pass starts from; the steady start's temperatures (undefined: ambient). */
export function startFromWarmUp(s: LoopState): StartTemperatures | undefined {
  const { arch, tas, workload, placement, thermal, logger } = s.ctx;
  if (arch.thermal.initial !== 'steady') {
    thermal.reset(arch.thermal.ambient_c + KELVIN_OFFSET);
    logger.info(`start: ambient ${arch.thermal.ambient_c} C`);
    return undefined;
  }
  const dry = createPhysicalizer({ arch, tas, workload, placement, source: s.ctx.openSource() });
  const steps = arch.thermal.warmup_steps;
  const first = nominalActivity(dry, workload, steps > 0 ? { steps } : { windows: WARMUP_WINDOWS });
  settle(s, first.activity);
  const warm = createWindowAverager();
  runPass(s, startPass(s), first.windows, [{ window: ({ pw }) => warm.add(pw) }]);
  const iterations = settle(s, warm.result());
  const { power, tempsC } = s.comet;
  logger.info(
    `start: steady state of the nominal power of a ${warm.count}-window closed-loop warm-up ` +
      `(${fixed(sum(power.coreW))} W logic, ${fixed(sum(power.bankW))} W DRAM, ${iterations} leakage iterations); hottest core ${fixed(max(tempsC.coreC))} C`,
  );
  return { coreC: max(tempsC.coreC), bankC: max(tempsC.bankC) };
}

/**
 * Steady state of an activity, consistent with the leakage and refresh it causes; the hardware state
 * follows it. `checkTrip: false` for a state no run is started from (a steady state past the trip
 * is then an answer, not an error).
 */
export function settle(s: LoopState, activity: PhysicalWindow, checkTrip = true): number {
  const { arch, topology, thermal } = s.ctx;
  const { tempsC, power, blockPowerW, hardware, hw } = s.comet;
  // from ambient, not from the current temperatures: the least fixed point (steady-start.ts)
  const iterations = settleActivity({
    arch,
    topology,
    thermal,
    activity,
    into: tempsC,
    power,
    blockPowerW,
    tolC: 0.02,
  });
  if (checkTrip) checkThermalTrip(tempsC, arch.thermal.trip_c, 'the steady start');
  nextHardwareState(hardware, createHardwareSnapshot(hardware), tempsC, hw);
  return iterations;
}
