/**
 * The scenario's online policy (TACS for tacs / tas / eplb-tacs) in the closed
 * loop, in one of three modes:
 *   off     no online policy (baseline, taps, eplb);
 *   active  its overlays are applied;
 *   shadow  evaluated every window from the same telemetry and pending view, never applied:
 *           while it chooses no action, the scenario adding it to the same placement is this
 *           very run window for window (empty overlays lower exactly like none); its first
 *           action ends the evaluation (the mode becomes off and `acted` says so).
 */
import {
  EMPTY_OVERLAYS,
  type OnlineContext,
  type OnlineController,
  type OnlinePolicy,
  type Overlays,
  type PendingWindowView,
  type Telemetry,
  type Topology,
  type HardwareState,
} from '@tasmoe/schemas';
import type { Physicalizer } from '@tasmoe/physicalizer';

export type OnlineMode = 'off' | 'active' | 'shadow';

export interface OnlineLane {
  mode: OnlineMode;
  /** Shadow mode chose an action at some window (and stopped). */
  acted: boolean;
  controller: OnlineController | undefined;
  readonly policy: OnlinePolicy | undefined;
  /** What the policy reads of the last window, refreshed in place (the policy never keeps it). */
  readonly telemetry: Telemetry;
  /** The context each pass's controller starts from (without `debug` in shadow mode). */
  readonly context: OnlineContext;
  /** The policy reads bank temperatures from the loop's own array (`bankTempsTyped`): no copy. */
  readonly bankTyped: boolean;
  /** The last window's bank temperatures when `bankTyped` (the thermal state's array, not a copy). */
  bankTempsC: Float64Array | undefined;
  /**
   * Shadow mode's first action: its window, the overlays chosen and the controller that chose
   * them, in the state it reached by choosing them (a forked twin continues with it; fork-twin.ts).
   */
  handover: Handover | undefined;
  /** Overlays already chosen for the next window (a forked twin's first window), used instead of asking the policy. */
  queued: Overlays | undefined;
}

export interface Handover {
  readonly window: number;
  readonly overlays: Overlays;
  readonly controller: OnlineController;
}

export function createOnlineLane(
  mode: OnlineMode,
  policy: OnlinePolicy | undefined,
  context: OnlineContext,
  topology: Topology,
): OnlineLane {
  const nc = topology.coreCount;
  const nb = topology.bankCount;
  const { debug: _, ...quiet } = context;
  const bankTyped = policy?.bankTempsTyped === true;
  return {
    mode: policy === undefined ? 'off' : mode,
    acted: false,
    controller: undefined,
    policy,
    telemetry: {
      temps_core: packedZeros(nc),
      temps_bank: bankTyped ? [] : packedZeros(nb),
      util_core: packedZeros(nc),
      noc_load: 0,
      ts_ns: 0,
    },
    context: mode === 'active' ? context : quiet,
    bankTyped,
    bankTempsC: undefined,
    handover: undefined,
    queued: undefined,
  };
}

/**
 * Zeros in a packed array: `new Array(n).fill(0)` stays holey, and a policy reading a holey
 * double array with a default (`t[i] ?? 0`, as TACS does for 8,192 banks a window) boxes
 * every element it reads (~140 KB of garbage a window).
 */
function packedZeros(n: number): number[] {
  return Array.from({ length: n }, () => 0);
}

/**
 * The context's `bankTwins` from the thermal back end's `blockTwins` (blocks: the cores, then
 * the banks): none when the back end promises nothing or no two banks share a group.
 */
export function bankTwinsOf(blockTwins: Int32Array | undefined, topology: Topology): { bankTwins?: Int32Array } {
  const nc = topology.coreCount;
  const nb = topology.bankCount;
  if (blockTwins === undefined || blockTwins.length !== nc + nb || nb === 0) return {};
  const twins = new Int32Array(nb);
  let shared = false;
  for (let b = 0; b < nb; b++) {
    const t = (blockTwins[nc + b] as number) - nc;
    twins[b] = t >= 0 && t <= b ? t : b;
    if (twins[b] !== b) shared = true;
  }
  return shared ? { bankTwins: twins } : {};
}

/** A fresh pass over the workload (warm-up or measured run): the policy starts from no history. */
export function restartOnlineLane(lane: OnlineLane, tempsC: TempsC, windowS: number): void {
  // an action in an earlier pass (the warm-up) is not this pass's to hand over
  lane.handover = undefined;
  lane.controller = lane.mode === 'off' || lane.policy === undefined ? undefined : lane.policy.start(lane.context);
  if (lane.mode !== 'off') updateTelemetry(lane, tempsC, undefined, 0, windowS, 0);
}

/** The overlays of window `w`: the policy's choice in active mode, none otherwise. */
export function onlineOverlays(lane: OnlineLane, w: number, phys: Physicalizer, hw: HardwareState): Overlays {
  const controller = lane.controller;
  if (lane.mode === 'off' || controller === undefined) return EMPTY_OVERLAYS;
  const queued = lane.queued;
  if (queued !== undefined) {
    lane.queued = undefined;
    return queued;
  }
  let pending: PendingWindowView | undefined;
  const res = controller.decide({
    window: w,
    telemetry: lane.telemetry,
    ...(lane.bankTempsC === undefined ? {} : { bankTempsC: lane.bankTempsC }),
    pending: () => (pending ??= phys.pendingWindow(w, hw)),
    replicas: phys.replicaState,
  });
  if (lane.mode === 'active') return res;
  if (res.reroute.length > 0 || res.migrate.length > 0) endShadow(lane, w, res, controller);
  return EMPTY_OVERLAYS;
}

/**
 * Shadow mode whose window lowers as its own dry run (phys.lowersAsDryRun: no replicas, no
 * migrations, which a lane that applies no overlays never makes): the window can be lowered first
 * and the policy shown what it started (shadowAfter), the very pending view a dry run before it
 * would give, instead of lowering the window twice.
 */
export function watchesAfter(lane: OnlineLane, phys: Physicalizer): boolean {
  return lane.mode === 'shadow' && lane.controller !== undefined && phys.lowersAsDryRun;
}

/** Shadow mode after window `w` was lowered without overlays (watchesAfter): evaluates the policy; its first action ends the evaluation. */
export function shadowAfter(lane: OnlineLane, w: number, phys: Physicalizer): void {
  const controller = lane.controller;
  if (lane.mode !== 'shadow' || controller === undefined) return;
  const res = controller.decide({
    window: w,
    telemetry: lane.telemetry,
    ...(lane.bankTempsC === undefined ? {} : { bankTempsC: lane.bankTempsC }),
    pending: () => phys.startedWindow(),
    replicas: phys.replicaState,
  });
  if (res.reroute.length > 0 || res.migrate.length > 0) endShadow(lane, w, res, controller);
}

/** The shadow's first action ends the evaluation; the controller and its choice are handed over. */
function endShadow(lane: OnlineLane, w: number, overlays: Overlays, controller: OnlineController): void {
  lane.mode = 'off';
  lane.acted = true;
  lane.controller = undefined;
  lane.handover = { window: w, overlays, controller };
}

/** The overlays the window was lowered with go back to the policy (TACS moves its weight map). */
export function reportApplied(lane: OnlineLane, applied: Overlays): void {
  if (lane.mode === 'active' && (applied.reroute.length > 0 || applied.migrate.length > 0))
    lane.controller?.applied?.(applied);
}

/** Core and bank temperatures in C, as the power and hardware models keep them. */
export interface TempsC {
  readonly coreC: Float64Array;
  readonly bankC: Float64Array;
}

/** The telemetry of a finished window (the policy reads it at the next one). */
export function observeWindow(
  lane: OnlineLane,
  tempsC: TempsC,
  busyNs: Float64Array,
  nocLoad: number,
  windowS: number,
  tsNs: number,
): void {
  if (lane.mode !== 'off') updateTelemetry(lane, tempsC, busyNs, nocLoad, windowS, tsNs);
}

function updateTelemetry(
  lane: OnlineLane,
  temps: TempsC,
  busyNs: Float64Array | undefined,
  nocLoad: number,
  windowS: number,
  tsNs: number,
): void {
  const tele = lane.telemetry;
  for (let c = 0; c < temps.coreC.length; c++) {
    tele.temps_core[c] = temps.coreC[c] as number;
    tele.util_core[c] = busyNs === undefined ? 0 : Math.min(1, Math.max(0, (busyNs[c] as number) / (windowS * 1e9)));
  }
  // The policy reads it before the next thermal step overwrites it (decide comes first in a window).
  if (lane.bankTyped) lane.bankTempsC = temps.bankC;
  else copyInto(temps.bankC, tele.temps_bank);
  tele.noc_load = nocLoad;
  tele.ts_ns = tsNs;
}

/** dst[i] = src[i] for every i of src (8,192 banks a window: a loop of its own, both arrays in locals). */
function copyInto(src: Float64Array, dst: number[]): void {
  for (let i = 0; i < src.length; i++) dst[i] = src[i] as number;
}
