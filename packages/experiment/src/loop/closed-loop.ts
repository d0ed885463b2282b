/**
 * The closed loop of seed section 5, one window at a time:
 *
 *   telemetry(prev window) -> [online policy, e.g. TACS] overlays -> physicalize(window)
 *     -> submitEventsToComet (power, thermal step, DVFS + refresh) -> observers
 *
 * Windows are sequential (TACS sees the last window's temperatures); scenarios
 * run in parallel instead. A pass over the workload is a fold of `stepWindow`
 * over windows; what a window produces goes to a list of observers (metrics,
 * the window series, heat-map frames, progress). Deterministic in the configs.
 */
import {
  EMPTY_OVERLAYS,
  type Overlays,
  type PhysicalWindow,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type ThermalBackend,
  type Topology,
} from '@tasmoe/schemas';
import {
  checkThermalTrip,
  submitEventsToComet,
  type CometState,
  type CometWindowSnapshot,
} from '@tasmoe/comet-adapter';
import {
  OverlayRejectedError,
  createExpertTaskTiming,
  createPhysicalizer,
  expertTaskTiming,
  type ExpertTaskTiming,
  type LoweredWindow,
  type Physicalizer,
} from '@tasmoe/physicalizer';
import type { RunLogger } from '../runner/run-log.js';
import {
  observeWindow,
  onlineOverlays,
  reportApplied,
  restartOnlineLane,
  shadowAfter,
  watchesAfter,
  type OnlineLane,
} from './online-lane.js';
import type { OpenSource } from './window-source.js';
import type { WindowMetrics } from '@tasmoe/metrics';
import { layerTemps, type LayerIndex, type LayerTemps } from './telemetry-view.js';
import { createHardwareInForce, readHardwareInForce, windowRecord, type HardwareInForce } from './window-record.js';
import type { HardwareLog } from './hardware-log.js';

/** What stays fixed over a scenario. */
export interface LoopContext {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly placement: Placement;
  readonly topology: Topology;
  readonly thermal: ThermalBackend;
  readonly logger: RunLogger;
  /** The window length, s. */
  readonly windowS: number;
  /** Flit-hops the mesh's links carry in one window at full load. */
  readonly linkCapacityFlits: number;
  /** Bandwidth of all vaults' TSVs, bytes per ns (the DRAM ceiling of bw_util). */
  readonly vaultBwTotalBytesPerNs: number;
  /** Each core's nominal (first) DVFS step, GHz: below it a core counts as throttled. */
  readonly nominalGhz: Float64Array;
  /** Where the logic and DRAM layers are in the back end's snapshot. */
  readonly layers: LayerIndex;
  /** A fresh logical trace source (generated or replayed, window-source.ts). */
  readonly openSource: OpenSource;
}

/** What one window hands to the next: the comet state (temperatures, hardware state) and the online policy. */
export interface LoopState {
  readonly ctx: LoopContext;
  readonly comet: CometState;
  readonly online: OnlineLane;
  readonly hwInForce: HardwareInForce;
  readonly layerTemps: LayerTemps;
  readonly taskTiming: ExpertTaskTiming;
  /** When set, every window's hardware state is noted before it is lowered (a fork replays them). */
  hwLog: HardwareLog | undefined;
  /**
   * Called in the window where a shadow policy first acts, after the window was lowered and
   * before the thermal step (the comet, thermal and observer state are still the window's start).
   */
  onHandover: ((w: number) => void) | undefined;
}

/** One window's outcome; its arrays are buffers of the loop (valid until the next window). */
export interface WindowOutcome {
  readonly w: number;
  readonly pw: PhysicalWindow;
  readonly snap: CometWindowSnapshot;
  /** The window's row of the window series. */
  readonly record: WindowMetrics;
}

export interface WindowObserver {
  window(out: WindowOutcome): void;
}

export function createLoopState(ctx: LoopContext, comet: CometState, online: OnlineLane): LoopState {
  return {
    ctx,
    comet,
    online,
    hwInForce: createHardwareInForce(),
    layerTemps: { peakLogicC: 0, meanLogicC: 0, peakDramC: 0, meanDramC: 0 },
    taskTiming: createExpertTaskTiming(),
    hwLog: undefined,
    onHandover: undefined,
  };
}

/** A fresh physicalizer over the whole workload (a new pass starts at window 0). */
export function startPass(s: LoopState): Physicalizer {
  const { arch, tas, workload, placement, windowS } = s.ctx;
  restartOnlineLane(s.online, s.comet.tempsC, windowS);
  return createPhysicalizer({ arch, tas, workload, placement, source: s.ctx.openSource() });
}

export function stepWindow(s: LoopState, phys: Physicalizer, w: number): WindowOutcome {
  const { ctx, comet, online } = s;
  // in bank refresh mode only the banks the last window's scan found out of band changed (comet-adapter)
  s.hwLog?.note(w, comet.hw, comet.hardware.refreshTemperature === 'bank' ? comet.scan : undefined);
  let pw: LoweredWindow;
  if (watchesAfter(online, phys)) {
    pw = physicalize(phys, w, EMPTY_OVERLAYS, s);
    shadowAfter(online, w, phys);
  } else pw = physicalize(phys, w, onlineOverlays(online, w, phys, comet.hw), s);
  if (online.handover?.window === w) s.onHandover?.(w);
  const hw = readHardwareInForce(comet.hw, ctx.nominalGhz, s.hwInForce);
  const snap = submitEventsToComet(pw, ctx.thermal, comet, ctx.arch);
  // the pass that converted the temperatures tested them against trip_c; the full check names the block
  if (!(comet.scan.allBelowTrip && comet.tripC === ctx.arch.thermal.trip_c))
    checkThermalTrip(comet.tempsC, ctx.arch.thermal.trip_c, `window ${w}`);
  const record = windowRecord(
    w,
    pw,
    snap,
    hw,
    layerTemps(snap.thermal, ctx.layers, s.layerTemps),
    ctx.linkCapacityFlits,
    ctx.vaultBwTotalBytesPerNs,
    expertTaskTiming(pw.compute, s.taskTiming),
  );
  observeWindow(
    online,
    comet.tempsC,
    pw.coreBusyNs,
    nocLoad(record.noc_flit_hops, ctx.linkCapacityFlits),
    ctx.windowS,
    Math.round(pw.tEndNs),
  );
  return { w, pw, snap, record };
}

/** Windows `from`.. until the workload is done or window `windows` is reached; returns the next window. */
export function runPass(
  s: LoopState,
  phys: Physicalizer,
  windows: number,
  observers: readonly WindowObserver[],
  signal?: AbortSignal,
  from = 0,
): number {
  let w = from;
  for (; w < windows && !phys.done; w++) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    const out = stepWindow(s, phys, w);
    for (const o of observers) o.window(out);
  }
  return w;
}

/** Lowers the window with the overlays, or without them when the physicalizer refuses them (logged). */
function physicalize(phys: Physicalizer, w: number, overlays: Overlays, s: LoopState): LoweredWindow {
  try {
    const pw = phys.physicalizeWindow(w, overlays, s.comet.hw);
    reportApplied(s.online, overlays);
    return pw;
  } catch (err) {
    if (!(err instanceof OverlayRejectedError)) throw err;
    s.ctx.logger.warn(`win ${w}: overlays rejected (${err.message}); window lowered without them`);
    return phys.physicalizeWindow(w, EMPTY_OVERLAYS, s.comet.hw);
  }
}

function nocLoad(flitHops: number, capacity: number): number {
  return capacity > 0 ? flitHops / capacity : 0;
}
