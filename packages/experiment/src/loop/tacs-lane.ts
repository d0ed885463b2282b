/**
 * TACS in the closed loop, in one of three modes:
 *   off     no TACS (baseline, taps);
 *   active  its overlays are applied (tacs, tas);
 *   shadow  evaluated every window from the same telemetry and pending view, never applied:
 *           while it chooses no action, the TACS scenario on the same placement is this very
 *           run window for window (empty overlays lower exactly like none); its first action
 *           ends the evaluation (the mode becomes off and `acted` says so).
 */
import {
  EMPTY_OVERLAYS,
  type InfluenceMatrix,
  type OverlayMigrate,
  type Overlays,
  type Placement,
  type ResolvedTasParams,
  type Telemetry,
  type Topology,
  type HardwareState,
} from '@tasmoe/schemas';
import type { Physicalizer } from '@tasmoe/physicalizer';
import { buildExpertWeights, formatDecision, tacsStep, withWeightMigrations, type ExpertWeights, type TacsHardware, type TacsState } from '@tasmoe/tacs';
import type { RunLogger } from '../runner/run-log.js';

export type TacsMode = 'off' | 'active' | 'shadow';

export interface TacsLane {
  mode: TacsMode;
  /** Shadow mode chose an action at some window (and stopped). */
  acted: boolean;
  weights: ExpertWeights | undefined;
  state: TacsState | undefined;
  /** What TACS reads of the last window, refreshed in place (TACS never keeps it). */
  readonly telemetry: Telemetry;
  readonly params: ResolvedTasParams['tacs'];
  readonly placement: Placement;
  readonly topology: Topology;
  readonly hw: TacsHardware;
  readonly shardBytes: number;
  readonly influence: InfluenceMatrix | undefined;
  readonly log: RunLogger | undefined;
}

export interface TacsLaneInput {
  readonly mode: TacsMode;
  readonly params: ResolvedTasParams['tacs'];
  readonly placement: Placement;
  readonly topology: Topology;
  readonly hw: TacsHardware;
  readonly shardBytes: number;
  readonly influence?: InfluenceMatrix;
  /** Decisions go to this logger at DEBUG (active mode only). */
  readonly log?: RunLogger;
}

export function createTacsLane(input: TacsLaneInput): TacsLane {
  const nc = input.topology.coreCount;
  const nb = input.topology.bankCount;
  return {
    mode: input.mode,
    acted: false,
    weights: undefined,
    state: undefined,
    telemetry: { temps_core: new Array<number>(nc).fill(0), temps_bank: new Array<number>(nb).fill(0), util_core: new Array<number>(nc).fill(0), noc_load: 0, ts_ns: 0 },
    params: input.params,
    placement: input.placement,
    topology: input.topology,
    hw: input.hw,
    shardBytes: input.shardBytes,
    influence: input.influence,
    log: input.log,
  };
}

/** A fresh pass over the workload (warm-up or measured run): TACS starts from no history. */
export function restartTacsLane(lane: TacsLane, tempsC: TempsC, windowS: number): void {
  lane.state = undefined;
  lane.weights = lane.mode === 'off' ? undefined : buildExpertWeights(lane.placement, lane.topology, lane.shardBytes);
  if (lane.mode !== 'off') updateTelemetry(lane.telemetry, tempsC, undefined, 0, windowS, 0);
}

/** The overlays of window `w`: TACS's choice in active mode, none otherwise. */
export function tacsOverlays(lane: TacsLane, w: number, phys: Physicalizer, hw: HardwareState): Overlays {
  if (lane.mode === 'off' || lane.weights === undefined) return EMPTY_OVERLAYS;
  const log = lane.log;
  const pending = phys.pendingWindow(w, hw);
  const res = tacsStep(lane.telemetry, lane.placement, phys.replicaState, lane.params, pending, {
    topology: lane.topology,
    hw: lane.hw,
    weights: lane.weights,
    ...(lane.influence ? { influence: lane.influence } : {}),
    ...(lane.state ? { prev: lane.state, reusePrev: true } : {}),
    ...(log?.verbose && lane.mode === 'active' ? { log: (d) => log.debug(`win ${w} tacs ${formatDecision(d)}`) } : {}),
  });
  lane.state = res.next;
  if (lane.mode === 'active') return { reroute: res.reroute, migrate: res.migrate };
  if (res.reroute.length > 0 || res.migrate.length > 0) {
    lane.mode = 'off';
    lane.acted = true;
    lane.weights = undefined;
  }
  return EMPTY_OVERLAYS;
}

/** Weight migrations that were applied move TACS's view of where each expert's weights are. */
export function applyWeightMoves(lane: TacsLane, applied: Overlays): void {
  if (lane.weights === undefined || applied.migrate.length === 0) return;
  if (applied.migrate.some((r: OverlayMigrate) => r.obj_type === 'weight')) lane.weights = withWeightMigrations(lane.weights, applied.migrate, lane.topology);
}

/** Core and bank temperatures in C, as the power and hardware models keep them. */
export interface TempsC {
  readonly coreC: Float64Array;
  readonly bankC: Float64Array;
}

/** The telemetry of a finished window (TACS reads it at the next one). */
export function observeWindow(lane: TacsLane, tempsC: TempsC, busyNs: Float64Array, nocLoad: number, windowS: number, tsNs: number): void {
  if (lane.mode !== 'off') updateTelemetry(lane.telemetry, tempsC, busyNs, nocLoad, windowS, tsNs);
}

function updateTelemetry(tele: Telemetry, temps: TempsC, busyNs: Float64Array | undefined, nocLoad: number, windowS: number, tsNs: number): void {
  for (let c = 0; c < temps.coreC.length; c++) {
    tele.temps_core[c] = temps.coreC[c] as number;
    tele.util_core[c] = busyNs === undefined ? 0 : Math.min(1, Math.max(0, (busyNs[c] as number) / (windowS * 1e9)));
  }
  for (let b = 0; b < temps.bankC.length; b++) tele.temps_bank[b] = temps.bankC[b] as number;
  tele.noc_load = nocLoad;
  tele.ts_ns = tsNs;
}
