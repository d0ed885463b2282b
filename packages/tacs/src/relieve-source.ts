/**
 * Greedy relief of one source core.
 *
 * The source's expert groups are taken largest first (best-first by the power they
 * move). For each, every claimed sink is priced and the feasible one with the best
 * thermal net  dT_src - eta * rho * dT_hat - lambda * hops  is chosen (NoC-lighter,
 * then nearer, then lower id on ties). The action is accepted when
 *   gain_K > cost_K = lambda * hops + mu * NoC_hat + eta * rho * dT_hat
 * (always, when the source is in emergency). The first rejected action ends the
 * source's turn, and so does reaching Thot (predicted): raising Thot or mu can
 * only end it earlier, never change what came before.
 *
 * Feasible sink: cooler than the source now and still no hotter than it after the
 * move (predicted), below Temg after the move, and either already hosting the expert
 * or able to receive a replica in this step (free slot, not deferred, undo cooldown
 * over, source hot for replicaAfterWindows windows unless in emergency). The amount
 * moved is the largest prefix of the expert's micro-batches that keeps it feasible.
 *
 * NoC_hat (link-windows) = added byte-hops / (link bytes per window): the change in
 * weight-read byte-hops of the moved tasks (a replica reads from its own vault, a
 * placement host from the expert's banks), plus for a new replica its one-off copy
 * spread over the windows it must live (min_residency_ms), floored at 0.
 */
import { encodeExpertId } from '@tasmoe/schemas';
import type { ActionTerms } from './decision.js';
import { expertWeightBytes, weightReadByteHops } from './expert-weights.js';
import type { PendingGroups } from './pending-groups.js';
import { isPlacementHost } from './placement-index.js';
import { pressureDropK } from './pressure.js';
import { record, retiredKey, type StepContext } from './step-context.js';

interface Candidate {
  sink: number;
  replica: boolean;
  mbCount: number;
  tasks: number;
  flops: number;
  dTs: number;
  dTj: number;
  rho: number;
  hops: number;
  nocHat: number;
  thermalNet: number;
  loadAfter: number;
}

export interface SourceScratch {
  /** Predicted temperatures, reset to the prediction before each source. */
  readonly temps: Float64Array;
  /** Predicted loads (busy fraction), reset to last window's before each source. */
  readonly loads: Float64Array;
  /** Per core, its position among the source's sinks; -1 (every entry) between calls. */
  readonly sinkPos: Int32Array;
  /** Per sink position, 1 when the sink hosts the group's expert; 0 (every entry) between calls. */
  readonly hostMark: Uint8Array;
  /** The marked positions, ascending (per sink position). */
  readonly hostPos: Int32Array;
}

/** Returns the experts that got a replica. */
export function relieveSource(
  ctx: StepContext,
  source: number,
  sinks: readonly number[],
  groups: PendingGroups,
  rank: number,
  quota: number,
  scratch: SourceScratch,
): number[] {
  const { sinkPos, hostMark } = scratch;
  for (let p = 0; p < sinks.length; p++) sinkPos[sinks[p]!] = p;
  try {
    return relieveGroups(ctx, source, sinks, groups, rank, quota, scratch);
  } finally {
    // the scratch is clean again for the next source, whatever was thrown
    for (const j of sinks) sinkPos[j] = -1;
    hostMark.fill(0, 0, sinks.length);
  }
}

function relieveGroups(
  ctx: StepContext,
  source: number,
  sinks: readonly number[],
  groups: PendingGroups,
  rank: number,
  quota: number,
  scratch: SourceScratch,
): number[] {
  const { topology, weights, response, costs, pressure: P } = ctx;
  const T = scratch.temps;
  const Q = scratch.loads;
  const emergency = ctx.emergency[source] === 1;
  const windowS = ctx.windowNs * 1e-9;
  const wattsPerFlop = ctx.hw.joulesPerFlop / windowS;
  const capacityFlops = ctx.hw.coreFlopsPerSec * windowS;
  const linkWindow = ctx.hw.linkBytesPerNs * ctx.windowNs;
  const streak = ctx.hotStreak[source] ?? 0;
  let q = ctx.util[source] ?? 0;
  let quotaLeft = quota;
  const created: number[] = [];
  let skipText: string | undefined;
  const skipCounts = [0, 0, 0, 0, 0];
  let skipBlock: string | null = null;

  const { sinkPos, hostMark, hostPos } = scratch;
  // Sinks not cooler than the source: they change only when an action moves temperatures.
  let coolerCount = -1;
  const end = groups.rankStart[rank + 1]!;
  for (let k = groups.rankStart[rank]!; k < end; k++) {
    const g = groups.order[k]!;
    const e = groups.expert[g]!;
    const mbStart = groups.mbStart[g]!;
    const mbLength = groups.mbLength[g]!;
    if (!emergency && (T[source] ?? 0) <= P.Thot && !(P.gamma > 0 && q > P.qTarget)) {
      record(ctx, {
        winIdx: ctx.winIdx,
        kind: 'relieved',
        accepted: true,
        reason: 'predicted source pressure zero: temperature at or below Thot, load at or below q_target',
        core: source,
        sink: -1,
        expert: -1,
        values: { T_pred: T[source] ?? 0, Thot: P.Thot, q, q_target: P.qTarget },
      });
      break;
    }
    if (ctx.retired.size > 0 && ctx.retired.has(retiredKey(ctx, e, source))) {
      record(ctx, skip(ctx, source, e, 'the replica on the source is retired this window'));
      continue;
    }
    const replicaCores = ctx.replicas.replicaCores(e);
    // Only a sink priced needs the source's reads (most groups are skipped without one).
    let sourceReads = -1;
    const replicaBlock = ctx.deferMigrations
      ? 'noc_load above noc_defer_threshold'
      : quotaLeft <= 0
        ? 'no free migration slot for this source'
        : !emergency && streak < ctx.options.replicaAfterWindows
          ? `source hot for ${streak} window(s), replicas after ${ctx.options.replicaAfterWindows}`
          : null;
    let best: Candidate | undefined;
    let notCooler = 0;
    let blocked = 0;
    let cooldown = 0;
    let thermal = 0;
    let busy = 0;
    const Ts = T[source] ?? 0;
    // The expert's hosts among the sinks, marked by sink position: a few hosts looked up instead
    // of every sink tested against the placement and the replicas.
    const hostCount = markHosts(ctx, e, replicaCores, sinkPos, hostMark, hostPos);
    // No replica possible (most groups, e.g. without a free slot): every cooler sink but the
    // hosts is blocked, so only the hosts are visited (in sink order) and the rest just counted.
    const hostsOnly = replicaBlock !== null;
    if (hostsOnly) {
      if (coolerCount < 0) coolerCount = countCooler(sinks, T, Ts);
      notCooler = sinks.length - coolerCount;
    }
    let hostsCooler = 0;
    const visits = hostsOnly ? hostCount : sinks.length;
    for (let v = 0; v < visits; v++) {
      const p = hostsOnly ? hostPos[v]! : v;
      const j = sinks[p]!;
      const Tj = T[j] ?? 0;
      if (Tj >= Ts) {
        if (!hostsOnly) notCooler++;
        continue;
      }
      const hosting = hostMark[p] === 1;
      if (hostsOnly) hostsCooler++;
      else if (!hosting) {
        if (replicaBlock !== null || (ctx.retired.size > 0 && ctx.retired.has(retiredKey(ctx, e, j)))) {
          blocked++;
          continue;
        }
        if (!ctx.replicas.canCreate(e, j, ctx.tApplyNs)) {
          cooldown++;
          continue;
        }
      }
      const aS = (response.coefficient(source, source) - response.coefficient(source, j)) * wattsPerFlop;
      const aJ = (response.coefficient(j, j) - response.coefficient(j, source)) * wattsPerFlop;
      if (!(aS > 0)) {
        thermal++;
        continue;
      }
      let fMax = aS + aJ > 0 ? (Ts - Tj) / (aS + aJ) : Number.POSITIVE_INFINITY;
      if (aJ > 0) fMax = Math.min(fMax, ((P.Temg - Tj) / aJ) * (1 - 1e-12));
      // Load after the move: the sink must still run everything it has within the window.
      const loadRoom = (1 - (Q[j] ?? 0)) * capacityFlops;
      if (!(loadRoom > 0)) {
        busy++;
        continue;
      }
      fMax = Math.min(fMax, loadRoom);
      let mbCount = 0;
      let flops = 0;
      let tasks = 0;
      while (mbCount < mbLength && flops + groups.mbFlops[mbStart + mbCount]! <= fMax) {
        flops += groups.mbFlops[mbStart + mbCount]!;
        tasks += groups.mbTasks[mbStart + mbCount]!;
        mbCount++;
      }
      if (mbCount === 0 || !(flops > 0)) {
        thermal++;
        continue;
      }
      const dTs = aS * flops;
      const dTj = aJ * flops;
      const rho = clamp01((P.Temg - Ts) / (P.Temg - Tj - dTj / 2));
      const hops = topology.hops(source, j);
      if (sourceReads < 0)
        sourceReads = weightReadByteHops(
          weights,
          topology,
          e,
          source,
          !isPlacementHost(ctx.placement, e, source) && replicaCores.includes(source),
        );
      const sinkReads = hosting
        ? weightReadByteHops(weights, topology, e, j, isReplicaHost(ctx, replicaCores, e, j))
        : 0;
      const copy = hosting ? 0 : weightReadByteHops(weights, topology, e, j, false) / ctx.replicaAmortWindows;
      const nocHat = Math.max(0, copy + tasks * (sinkReads - sourceReads)) / linkWindow;
      const thermalNet = dTs - costs.eta * rho * dTj - costs.lambda * hops;
      const loadAfter = (Q[j] ?? 0) + flops / capacityFlops;
      if (
        best === undefined ||
        thermalNet > best.thermalNet ||
        (thermalNet === best.thermalNet &&
          (loadAfter < best.loadAfter ||
            (loadAfter === best.loadAfter && (nocHat < best.nocHat || (nocHat === best.nocHat && hops < best.hops)))))
      ) {
        best = {
          sink: j,
          replica: !hosting,
          mbCount,
          tasks,
          flops,
          dTs,
          dTj,
          rho,
          hops,
          nocHat,
          thermalNet,
          loadAfter,
        };
      }
    }
    for (let h = 0; h < hostCount; h++) hostMark[hostPos[h]!] = 0;
    if (hostsOnly) blocked = coolerCount - hostsCooler;
    if (best === undefined) {
      // most of a source's groups are skipped for the same counts: the text is made once for them
      if (
        skipText === undefined ||
        notCooler !== skipCounts[0] ||
        blocked !== skipCounts[1] ||
        cooldown !== skipCounts[2] ||
        thermal !== skipCounts[3] ||
        busy !== skipCounts[4] ||
        replicaBlock !== skipBlock
      ) {
        skipText = skipReason(sinks.length, notCooler, blocked, replicaBlock, cooldown, thermal, busy);
        skipCounts[0] = notCooler;
        skipCounts[1] = blocked;
        skipCounts[2] = cooldown;
        skipCounts[3] = thermal;
        skipCounts[4] = busy;
        skipBlock = replicaBlock;
      }
      record(ctx, skip(ctx, source, e, skipText));
      continue;
    }
    const dLoad = best.flops / capacityFlops;
    const gainK = pressureDropK(Ts, best.dTs, q, dLoad, P);
    const lambdaTerm = costs.lambda * best.hops;
    const muTerm = costs.mu * best.nocHat;
    const etaTerm = costs.eta * best.rho * best.dTj;
    const costK = lambdaTerm + muTerm + etaTerm;
    const terms: ActionTerms = {
      hops: best.hops,
      tasks: best.tasks,
      mbCount: best.mbCount,
      movedFlops: best.flops,
      movedPowerW: best.flops * wattsPerFlop,
      dTSourceK: best.dTs,
      dTSinkK: best.dTj,
      dLoad,
      rho: best.rho,
      gainK,
      lambdaTerm,
      nocHat: best.nocHat,
      muTerm,
      etaTerm,
      costK,
      netK: gainK - costK,
    };
    const accepted = emergency || gainK > costK;
    record(ctx, {
      winIdx: ctx.winIdx,
      kind: best.replica ? 'replica' : 'reroute',
      accepted,
      reason: emergency
        ? 'source at or above Temg: moved whatever a cooler sink can take'
        : accepted
          ? 'gain exceeds cost'
          : 'gain does not exceed cost: no further actions for this source',
      core: source,
      sink: best.sink,
      expert: e,
      terms,
    });
    if (!accepted) break;

    // a loop, not Array.from over a view (the iterator protocol, ~1 us a row)
    const mbIds: number[] = [];
    for (let i = 0; i < best.mbCount; i++) mbIds.push(groups.mbIds[mbStart + i]!);
    ctx.reroute.push({
      t_apply_ns: ctx.tApplyNs,
      scope: 'expert',
      from_core: source,
      to_core: best.sink,
      mb_ids_json: mbIds,
      reason: emergency ? 'emergency' : best.replica ? 'replica' : 'hot_core',
      expected_gain: gainK,
      expert_id: encodeExpertId(e),
    });
    if (best.replica) {
      ctx.migrate.push({
        t_apply_ns: ctx.tApplyNs,
        obj_type: 'replica',
        obj_id: encodeExpertId(e),
        src: String(source),
        dst: String(best.sink),
        size_bytes: Math.round(expertWeightBytes(weights, e)),
        cost: costK,
      });
      quotaLeft--;
      created.push(e);
    }
    T[source] = Ts - best.dTs;
    T[best.sink] = (T[best.sink] ?? 0) + best.dTj;
    coolerCount = -1;
    q = Math.max(0, q - dLoad);
    Q[best.sink] = (Q[best.sink] ?? 0) + dLoad;
  }
  return created;
}

/**
 * Marks (hostMark[p] = 1) the sink positions p of the placement hosts and live replica hosts of
 * `expert` and lists them ascending in hostPos; returns how many.
 */
function markHosts(
  ctx: StepContext,
  expert: number,
  replicaCores: readonly number[],
  sinkPos: Int32Array,
  hostMark: Uint8Array,
  hostPos: Int32Array,
): number {
  let n = 0;
  const index = ctx.placement;
  if (expert < index.expertCount) {
    const end = index.offset[expert + 1]!;
    for (let i = index.offset[expert]!; i < end; i++) n = markHost(index.cores[i]!, sinkPos, hostMark, hostPos, n);
  }
  for (const c of replicaCores) {
    if (ctx.retired.size === 0 || !ctx.retired.has(retiredKey(ctx, expert, c)))
      n = markHost(c, sinkPos, hostMark, hostPos, n);
  }
  return n;
}

/** Marks core c when it is a sink not yet marked, its position inserted in order; returns the count. */
function markHost(c: number, sinkPos: Int32Array, hostMark: Uint8Array, hostPos: Int32Array, n: number): number {
  const p = c >= 0 && c < sinkPos.length ? sinkPos[c]! : -1;
  if (p < 0 || hostMark[p] === 1) return n;
  hostMark[p] = 1;
  let i = n;
  for (; i > 0 && hostPos[i - 1]! > p; i--) hostPos[i] = hostPos[i - 1]!;
  hostPos[i] = p;
  return n + 1;
}

/** Sinks cooler than the source (the sink loop's test, negated). */
function countCooler(sinks: readonly number[], T: Float64Array, Ts: number): number {
  let n = 0;
  for (let p = 0; p < sinks.length; p++) if (!((T[sinks[p]!] ?? 0) >= Ts)) n++;
  return n;
}

/** A module function, not a closure per group: the loop runs from sources, where each closure made costs a name definition. */
function isReplicaHost(ctx: StepContext, replicaCores: readonly number[], expert: number, core: number): boolean {
  return replicaCores.includes(core) && !ctx.retired.has(retiredKey(ctx, expert, core));
}

/** Why no sink could take a group: the counts of sinks ruled out by each test. */
function skipReason(
  sinkCount: number,
  notCooler: number,
  blocked: number,
  replicaBlock: string | null,
  cooldown: number,
  thermal: number,
  busy: number,
): string {
  const why: string[] = [];
  if (sinkCount === 0) why.push('no cooler core within hop_radius is free for this source');
  if (notCooler > 0) why.push(`${notCooler} sink(s) no longer cooler`);
  if (blocked > 0)
    why.push(`${blocked} non-host sink(s) need a replica: ${replicaBlock ?? 'replica retired this window'}`);
  if (cooldown > 0) why.push(`${cooldown} sink(s) in the undo cooldown`);
  if (thermal > 0) why.push(`${thermal} sink(s) would end up hotter than the source (or at Temg) for any amount`);
  if (busy > 0) why.push(`${busy} sink(s) already busy for the whole window`);
  return why.join('; ');
}

function clamp01(x: number): number {
  return x > 1 ? 1 : Math.max(x, 0);
}

function skip(ctx: StepContext, source: number, expert: number, reason: string) {
  return { winIdx: ctx.winIdx, kind: 'skip' as const, accepted: false, reason, core: source, sink: -1, expert };
}
