/**
 * One TACS window (seed section 4.3): telemetry of the previous window + the pending
 * window's tasks -> overlay_reroute and overlay_migrate rows for the pending window.
 * Pure and deterministic: same inputs, same rows, same decisions, same next state.
 *
 * Order: EMA update -> retire replicas that stopped moving heat downhill -> DRAM
 * emergency shard moves -> per source (emergencies first, then the hottest above
 * Thot, top_k_sources in all): greedy reroutes / replicas to cooler sinks.
 */
import type {
  OverlayMigrate,
  OverlayReroute,
  PendingWindowView,
  Placement,
  ReplicaStateView,
  ResolvedTasParams,
  Telemetry,
  InfluenceMatrix,
  Topology,
} from '@tasmoe/schemas';
import { relieveHotBanks } from './bank-relief.js';
import { type BankTwinGroups, fillTwins } from './bank-twins.js';
import type { TacsDecision, TacsLogger } from './decision.js';
import { TacsError } from './errors.js';
import type { ExpertWeights } from './expert-weights.js';
import type { TacsHardware } from './hardware.js';
import { resolveTacsOptions, type TacsOptions } from './options.js';
import { groupPendingTasks } from './pending-groups.js';
import { placementIndex } from './placement-index.js';
import { relieveSource } from './relieve-source.js';
import { retireReplicas } from './retire-replicas.js';
import { rankQuota, selectSources } from './sources.js';
import type { StepContext } from './step-context.js';
import {
  checkTelemetryShape,
  smoothBankHeads,
  smoothTemperatures,
  type TacsState,
  type TemperaturePeaks,
} from './tacs-state.js';
import { giveBack, type StepScratch, takeScratch } from './step-scratch.js';
import { makeThermalResponse } from './thermal-response.js';

/** The `tacs` section of tas_params.yaml, as parsed (resolved) by @tasmoe/schemas. */
export type TacsParamsView = ResolvedTasParams['tacs'];

export interface TacsContext {
  readonly topology: Topology;
  readonly hw: TacsHardware;
  /** Weight shards (sizes and current banks), to price replica copies, shard moves and remote reads. */
  readonly weights: ExpertWeights;
  /** Core-to-core thermal influence; without it a neighbour-based estimate is used (see README). */
  readonly influence?: InfluenceMatrix;
  /** State returned by the previous step; absent on the first window. */
  readonly prev?: TacsState;
  readonly options?: Partial<TacsOptions>;
  /** Called with every decision as it is made (e.g. run.log at DEBUG). */
  readonly log?: TacsLogger;
  /**
   * The caller drops `prev` after this call (a closed loop): its temperature buffers are
   * updated in place for `next` instead of allocated anew (8,192 banks a window). Default false.
   */
  readonly reusePrev?: boolean;
  /**
   * Bank temperatures (C) in place of `telemetry.temps_bank` (the closed loop's own array: no
   * copy into a number array). Read, never kept.
   */
  readonly bankTempsC?: Float64Array;
  /**
   * Banks whose temperatures are equal in every window (bankTwinGroups of the loop's
   * `bankTwins`): the bank EMA is kept for the group heads only. The loop's promise, not checked.
   */
  readonly bankTwins?: BankTwinGroups;
}

export interface TacsStepResult {
  /** overlay_reroute rows for the pending window. */
  readonly reroute: OverlayReroute[];
  /** overlay_migrate rows for the pending window (replica, retire, weight). */
  readonly migrate: OverlayMigrate[];
  readonly next: TacsState;
  readonly decisions: TacsDecision[];
}

export function tacsStep(
  telemetry: Telemetry,
  placement: Placement,
  state: ReplicaStateView,
  params: TacsParamsView,
  pending: PendingWindowView,
  ctx: TacsContext,
): TacsStepResult {
  const scratch = takeScratch(ctx.topology.coreCount);
  try {
    return stepWith(scratch, telemetry, placement, state, params, pending, ctx);
  } finally {
    giveBack(scratch);
  }
}

function stepWith(
  scratch: StepScratch,
  telemetry: Telemetry,
  placement: Placement,
  state: ReplicaStateView,
  params: TacsParamsView,
  pending: PendingWindowView,
  ctx: TacsContext,
): TacsStepResult {
  const { topology } = ctx;
  const coreCount = topology.coreCount;
  const rawBank = ctx.bankTempsC ?? telemetry.temps_bank;
  checkTelemetryShape(telemetry, coreCount, topology.bankCount, rawBank.length);
  checkPending(pending, coreCount);
  const { Thot, Temg } = params.thresholds;
  if (!(Temg > Thot)) throw new TacsError('TACS_INPUT_VALUE', `Temg (${Temg}) must be above Thot (${Thot})`);
  const options = resolveTacsOptions(ctx.options);
  const prev = ctx.prev;

  const reuse = ctx.reusePrev === true;
  // The EMA before this window's update (the in-place update below overwrites it): its step is the trend.
  // (a carried state of another length is copied as it is: smoothTemperatures reports it)
  const emaBefore =
    prev === undefined
      ? undefined
      : prev.emaCore.length === coreCount
        ? copyInto(scratch.emaBefore, prev.emaCore)
        : prev.emaCore.slice();
  const emaCore = smoothTemperatures(
    prev?.emaCore,
    telemetry.temps_core,
    params.ema_alpha,
    'core temperatures',
    reuse ? prev?.emaCore : undefined,
  );
  const prevBank = prev?.emaBank.length === 0 ? undefined : prev?.emaBank;
  const twins = rawBank.length > 0 ? ctx.bankTwins : undefined;
  // a state kept for other groups (or none) is made whole first
  if (prevBank !== undefined && prev?.bankTwins !== undefined && prev.bankTwins !== twins)
    fillTwins(prevBank, prev.bankTwins);
  const bankPeaks: TemperaturePeaks = { smoothed: Number.NEGATIVE_INFINITY, raw: Number.NEGATIVE_INFINITY };
  const emaBank =
    rawBank.length === 0
      ? new Float64Array(0)
      : twins !== undefined
        ? smoothBankHeads(prevBank, rawBank, params.ema_alpha, twins, reuse ? prevBank : undefined, bankPeaks)
        : smoothTemperatures(
            prevBank,
            rawBank,
            params.ema_alpha,
            'bank temperatures',
            reuse ? prevBank : undefined,
            bankPeaks,
          );
  const emergency = scratch.emergency;
  const hotStreak = new Int32Array(coreCount);
  const predicted = predictTemperatures(emaCore, emaBefore, params.ema_alpha, scratch.predicted);
  const loadGate = params.gamma > 0;
  let anyPressed = false;
  for (let c = 0; c < coreCount; c++) {
    const t = predicted[c] ?? 0;
    const isEmergency = Math.max(emaCore[c] ?? 0, telemetry.temps_core[c] ?? 0) >= Temg;
    emergency[c] = isEmergency ? 1 : 0;
    const pressed = isEmergency || t > Thot || (loadGate && (telemetry.util_core[c] ?? 0) > params.q_target);
    hotStreak[c] = pressed ? (prev?.hotStreak[c] ?? 0) + 1 : 0;
    anyPressed ||= pressed;
  }
  const prevReplicaExperts = prev?.replicaExperts ?? new Int32Array(0);
  const tApplyNs = Math.ceil(Math.max(pending.tStartNs, pending.commitFrontierNs));

  const step: StepContext = {
    winIdx: pending.winIdx,
    tApplyNs,
    windowNs: pending.tEndNs - pending.tStartNs,
    pressure: { Thot, Temg, gamma: params.gamma, qTarget: params.q_target },
    dramEmergencyC: params.thresholds.Temg_dram,
    costs: { lambda: params.cost.lambda_hops, mu: params.cost.mu_noc, eta: params.cost.eta_temp },
    hopRadius: params.hop_radius,
    minResidencyNs: params.min_residency_ms * 1e6,
    replicaAmortWindows: Math.max(1, (params.min_residency_ms * 1e6) / (pending.tEndNs - pending.tStartNs)),
    options,
    topology,
    response: makeThermalResponse(topology, options, ctx.influence),
    hw: ctx.hw,
    weights: ctx.weights,
    placement: placementIndex(placement),
    replicas: state,
    emaCore,
    predicted,
    rawCore: telemetry.temps_core,
    util: telemetry.util_core,
    emergency,
    hotStreak,
    deferMigrations: telemetry.noc_load > params.noc_defer_threshold,
    retired: new Set(),
    reroute: [],
    migrate: [],
    decisions: [],
    log: ctx.log,
  };

  retireReplicas(step, prevReplicaExperts);

  const freeSlots = Math.max(0, params.max_parallel_migrations - state.inFlight(tApplyNs));
  const bankSlots = Math.ceil(freeSlots / 2);
  const usedByBanks = relieveHotBanks(
    step,
    pending,
    emaBank,
    rawBank,
    bankSlots,
    Math.max(bankPeaks.smoothed, bankPeaks.raw),
    scratch.banks,
    twins,
  );
  const coreSlots = freeSlots - usedByBanks;

  const created: number[] = [];
  if (anyPressed) {
    const { sources, sinks } = selectSources(step, params.top_k_sources);
    const sourceRank = scratch.sourceRank.fill(-1);
    sources.forEach((s, r) => (sourceRank[s] = r));
    const groups = groupPendingTasks(pending, sourceRank, sources.length, scratch.groups);
    sources.forEach((source, rank) => {
      const quota = rankQuota(coreSlots, params.top_k_sources, rank);
      const t = predicted[source] ?? 0;
      const q = telemetry.util_core[source] ?? 0;
      step.decisions.push(sourceDecision(step, source, rank, quota, t, q));
      if (step.log !== undefined) step.log(step.decisions[step.decisions.length - 1] as TacsDecision);
      scratch.temps.set(predicted);
      for (let c = 0; c < coreCount; c++) scratch.loads[c] = telemetry.util_core[c] ?? 0;
      created.push(...relieveSource(step, source, sinks[rank] ?? [], groups, rank, quota, scratch));
    });
  }

  return {
    reroute: step.reroute,
    migrate: step.migrate,
    decisions: step.decisions,
    next: {
      windows: (prev?.windows ?? 0) + 1,
      lastTsNs: telemetry.ts_ns,
      emaCore,
      emaBank,
      ...(twins === undefined ? {} : { bankTwins: twins }),
      hotStreak,
      replicaExperts: nextReplicaExperts(prevReplicaExperts, created, state),
    },
  };
}

function sourceDecision(
  step: StepContext,
  source: number,
  rank: number,
  quota: number,
  t: number,
  q: number,
): TacsDecision {
  const P = step.pressure;
  const S = Math.max(0, t - P.Thot) / (P.Temg - P.Thot) + (P.gamma * Math.max(0, q - P.qTarget)) / P.qTarget;
  return {
    winIdx: step.winIdx,
    kind: 'source',
    accepted: true,
    reason:
      step.emergency[source] === 1
        ? 'at or above Temg: emergency'
        : t > P.Thot
          ? 'predicted temperature above Thot'
          : 'load above q_target',
    core: source,
    sink: -1,
    expert: -1,
    values: {
      rank,
      T_pred: t,
      T_ema: step.emaCore[source] ?? 0,
      T_raw: step.rawCore[source] ?? 0,
      q,
      S,
      hot_windows: step.hotStreak[source] ?? 0,
      replica_slots: quota,
      h_from_influence: step.response.source === 'influence' ? 1 : 0,
    },
  };
}

/**
 * Temperature predicted for the end of the pending window: the EMA plus its trend over
 * the lookahead. The EMA's last step is the trend per window; on a ramp the EMA lags the
 * raw temperature by (1 - alpha) / alpha windows, and the pending window adds one more,
 * so the trend is extrapolated over 1 + (1 - alpha) / alpha = 1 / alpha windows. Only a
 * rising trend is extrapolated (a cooling core is judged by its EMA): the trigger fires
 * before the core crosses Thot, never later than the EMA alone would.
 */
function predictTemperatures(
  ema: Float64Array,
  before: Float64Array | undefined,
  alpha: number,
  out: Float64Array,
): Float64Array {
  out.set(ema);
  if (before === undefined || before.length !== ema.length || !(alpha > 0)) return out;
  const horizon = 1 / alpha;
  for (let c = 0; c < ema.length; c++) {
    const rise = (ema[c] ?? 0) - (before[c] ?? 0);
    if (rise > 0) out[c] = (ema[c] ?? 0) + horizon * rise;
  }
  return out;
}

function copyInto(into: Float64Array, from: Float64Array): Float64Array {
  into.set(from);
  return into;
}

function nextReplicaExperts(prev: Int32Array, created: readonly number[], state: ReplicaStateView): Int32Array {
  const keep = new Set<number>(created);
  for (const e of prev) if (state.replicaCores(e).length > 0) keep.add(e);
  return Int32Array.from([...keep].sort((a, b) => a - b));
}

function checkPending(pending: PendingWindowView, coreCount: number): void {
  if (!(pending.tEndNs > pending.tStartNs)) {
    throw new TacsError(
      'TACS_INPUT_VALUE',
      `pending window ${pending.winIdx} is empty: [${pending.tStartNs}, ${pending.tEndNs}) ns`,
    );
  }
  const n = pending.taskCount;
  if (pending.mbId.length < n || pending.expert.length < n || pending.core.length < n || pending.flops.length < n) {
    throw new TacsError('TACS_INPUT_SHAPE', `pending window ${pending.winIdx}: columns shorter than taskCount ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const c = pending.core[i] ?? -1;
    if (c < 0 || c >= coreCount)
      throw new TacsError('TACS_INPUT_SHAPE', `pending task ${i} on core ${c}, mesh has ${coreCount} cores`);
  }
}
