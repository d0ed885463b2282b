/**
 * The seed's `submit_events_to_comet(compute_df, memory_df, cfg_arch)`
 * contract: one window of physical events in, one snapshot out (core and bank
 * temperatures, DVFS states, refresh statistics). A thin composition of
 *
 *   computePowerFromEvents -> toBlockPowerW -> backend.step -> fromBlockTempsK
 *     -> nextHardwareState
 *
 * with the state those steps carry from window to window (last temperatures,
 * the hardware state in force). The experiment loop calls it once per window.
 */
import type { PhysicalWindow, ResolvedArchConfig, ThermalBackend, ThermalSnapshot, Topology } from '@tasmoe/schemas';
import { createBlockTemperaturesC, type BlockTemperaturesC } from './power/block-temperatures.js';
import { fromBlockTempsK, toBlockPowerW } from './power/block-vectors.js';
import {
  computePowerFromEvents,
  createWindowPower,
  type PowerOptions,
  type WindowPower,
} from './power/window-power.js';
import { createBlockScan, takeBlockTempsK, type BlockScan } from './hardware/temperatures-in.js';
import {
  createHardwareModel,
  initialHardwareState,
  nextHardwareState,
  nextHardwareStateOutOfBand,
  type HardwareModel,
  type HardwareModelOptions,
  type HardwareSnapshot,
} from './hardware/next-hardware-state.js';

export type CometArch = Pick<ResolvedArchConfig, 'power' | 'mesh' | 'refresh' | 'dvfs'>;

/** What one window hands to the next. Buffers are reused window to window. */
export interface CometState {
  readonly topology: Topology;
  readonly hardware: HardwareModel;
  /** Hardware state in force during the next window (frequencies, bank bandwidths, refresh rates); updated in place. */
  readonly hw: HardwareSnapshot;
  /** Core and bank temperatures at the end of the last window, C. */
  readonly tempsC: BlockTemperaturesC;
  readonly power: WindowPower;
  readonly blockPowerW: Float64Array;
  /** Options for computePowerFromEvents (source, idle accounting); refresh rates always come from `hw`. */
  readonly powerOptions: Omit<PowerOptions, 'out' | 'bankRefreshPerS'>;
  /** The step the back end takes per window, s; undefined: each window's own length. */
  readonly stepS: number | undefined;
  /** The trip temperature the window's temperatures are tested against, C (Infinity: none). */
  readonly tripC: number;
  /** The last window's scan of its temperatures (`scan.allBelowTrip`: every block below tripC). */
  readonly scan: BlockScan;
}

export interface CometStateOptions extends HardwareModelOptions {
  /** Starting temperatures, C (e.g. the steady state of the nominal power); default: every block at `startC`. */
  readonly initialTempsC?: BlockTemperaturesC;
  /** Uniform starting temperature when `initialTempsC` is absent, C (default 45). */
  readonly startC?: number;
  readonly powerOptions?: Omit<PowerOptions, 'out' | 'bankRefreshPerS'>;
  /**
   * A fixed window length for the thermal step, s (the loop's window, so the back end factors
   * once for it); default each window's own length.
   */
  readonly stepS?: number;
  /**
   * The loop's trip temperature (thermal.trip_c), C: each window records whether every block
   * stayed below it (`scan.allBelowTrip`), in the pass that converts the temperatures.
   */
  readonly tripC?: number;
}

/** State for the first window: the governor and refresh model applied once to the starting temperatures. */
export function createCometState(arch: CometArch, topology: Topology, opts: CometStateOptions): CometState {
  const hardware = createHardwareModel(arch, topology, opts);
  const tempsC = createBlockTemperaturesC(topology.coreCount, topology.bankCount, opts.startC ?? 45);
  if (opts.initialTempsC !== undefined) {
    tempsC.coreC.set(opts.initialTempsC.coreC);
    tempsC.bankC.set(opts.initialTempsC.bankC);
  }
  const blockPowerW = new Float64Array(topology.coreCount + topology.bankCount);
  return {
    topology,
    hardware,
    hw: initialHardwareState(hardware, tempsC),
    tempsC,
    // the window's core and bank totals are the halves of the block vector (no copy per window)
    power: createWindowPower(topology.coreCount, topology.bankCount, blockPowerW),
    blockPowerW,
    powerOptions: opts.powerOptions ?? {},
    stepS: opts.stepS,
    tripC: opts.tripC ?? Number.POSITIVE_INFINITY,
    scan: createBlockScan(topology.bankCount),
  };
}

/** One window's outcome. Its arrays are the state's buffers (valid until the next call): no allocation per window. */
export interface CometWindowSnapshot {
  readonly winIdx: number;
  /** Core temperatures at the end of the window, C (the state's buffer: copy to keep). */
  readonly coreTempC: Float64Array;
  /** Bank temperatures at the end of the window, C, topology bank order (the state's buffer: copy to keep). */
  readonly bankTempC: Float64Array;
  /** The back end's snapshot (kelvin; per-layer peak and mean for logic, dram0..). */
  readonly thermal: ThermalSnapshot;
  /** Power of the window (W) with its breakdown. */
  readonly power: WindowPower;
  /** DVFS and refresh state decided from this window's end temperatures, in force for the next window. */
  readonly hardware: HardwareSnapshot;
  /** Mean refresh command rate per bank in the next window, MHz (the seed's `refresh_mhz`). */
  readonly refreshMhz: number;
}

/** The seed's contract: one window in (its physical events and aggregates), a snapshot out. */
export function submitEventsToComet(
  window: PhysicalWindow,
  backend: ThermalBackend,
  state: CometState,
  arch: CometArch,
): CometWindowSnapshot {
  const power = computePowerFromEvents(window, state.tempsC, arch, state.topology, {
    ...state.powerOptions,
    out: state.power,
    bankRefreshPerS: state.hw.bankRefreshPerS,
  });
  toBlockPowerW(power, state.blockPowerW);
  const thermal = backend.step(state.blockPowerW, state.stepS ?? power.windowS);
  if (state.hardware.refreshTemperature === 'bank') {
    takeBlockTempsK(thermal.blockTempsK, state.tempsC, state.hw, state.tripC, state.scan);
    nextHardwareStateOutOfBand(state.hardware, state.hw, state.tempsC, state.scan.outOfBand, state.scan.count);
  } else {
    fromBlockTempsK(thermal.blockTempsK, state.tempsC);
    nextHardwareState(state.hardware, state.hw, state.tempsC, state.hw);
    // not tested on the way: the caller's trip check looks at every block
    state.scan.allBelowTrip = false;
  }
  return {
    winIdx: window.winIdx,
    coreTempC: state.tempsC.coreC,
    bankTempC: state.tempsC.bankC,
    thermal,
    power,
    hardware: state.hw,
    refreshMhz:
      state.hw.bankRefreshPerS.length === 0
        ? 0
        : (state.hw.bankRefreshTotalPerS / state.hw.bankRefreshPerS.length) * 1e-6,
  };
}
