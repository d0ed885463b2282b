/**
 * Overlays of one window checked at the commit frontier and turned into plain
 * arrays the lowering loop reads. Every row is checked before anything is
 * applied: one refused row refuses the whole window's overlays (typed error
 * naming the row), and the physicalizer's state is left untouched.
 */
import { decodeWeightTensorId, isExpertId, type Overlays, type Topology } from '@tasmoe/schemas';
import { OverlayRejectedError, PhysicalizerError, type PhysicalizerErrorCode } from './errors.js';
import type { ReplicaState } from './replica-state.js';

export const ACTION_WEIGHT = 0;
export const ACTION_REPLICA = 1;
export const ACTION_RETIRE = 2;

export interface MigrationAction {
  readonly kind: typeof ACTION_WEIGHT | typeof ACTION_REPLICA | typeof ACTION_RETIRE;
  readonly tApplyNs: number;
  readonly expert: number;
  /** Weight migration: the shard id (expert * shardsPerExpert + shard); -1 otherwise. */
  readonly shardId: number;
  readonly srcBank: number;
  readonly dstBank: number;
  /** Replica: copied from this core to dstCore; retire: the core in srcCore. */
  readonly srcCore: number;
  readonly dstCore: number;
}

export interface ReroutePlan {
  readonly count: number;
  readonly tApplyNs: Float64Array;
  readonly fromCore: Int32Array;
  readonly toCore: Int32Array;
  /** -1: any expert. */
  readonly expert: Int32Array;
  /** 1: expert tasks only (scope "expert" without expert_id); attention tasks stay. */
  readonly expertTasksOnly: Uint8Array;
  /** Micro-batch ids named by reroute r: mbIds[mbStart[r] .. mbStart[r + 1]). */
  readonly mbStart: Int32Array;
  readonly mbIds: Int32Array;
}

export interface OverlayPlan {
  readonly reroutes: ReroutePlan;
  /** In t_apply_ns order (stable). */
  readonly actions: readonly MigrationAction[];
}

/** What the checks need to know about the state at the frontier. */
export interface FrontierContext {
  readonly winIdx: number;
  readonly tStartNs: number;
  readonly tEndNs: number;
  readonly topo: Topology;
  readonly coreCount: number;
  /** Micro-batch ids of the trace are 0 .. mbIdCount - 1 (steps x concurrency). */
  readonly mbIdCount: number;
  readonly expertCount: number;
  readonly shardsPerExpert: number;
  /** All tasks of this micro-batch have been issued (its lane has moved past its step). */
  mbFullyIssued(mbId: number): boolean;
  isPlacementHost(expert: number, core: number): boolean;
  /** Bank of a weight shard at time t (migrations completed by then), or -1 while a migration of it is in flight. */
  shardBankAt(shardId: number, t: number): number;
  /** A clone of the replica state the checks may mutate. */
  readonly replicas: ReplicaState;
}

export const EMPTY_PLAN: OverlayPlan = Object.freeze({
  reroutes: Object.freeze({
    count: 0,
    tApplyNs: new Float64Array(0),
    fromCore: new Int32Array(0),
    toCore: new Int32Array(0),
    expert: new Int32Array(0),
    expertTasksOnly: new Uint8Array(0),
    mbStart: new Int32Array(1),
    mbIds: new Int32Array(0),
  }),
  actions: Object.freeze([]),
});

function parseCore(text: string, coreCount: number): number {
  const m = /^C?(0|[1-9][0-9]*)$/.exec(text.trim());
  const c = m === null ? -1 : Number(m[1]);
  return c >= 0 && c < coreCount ? c : -1;
}

export function planOverlays(overlays: Overlays, ctx: FrontierContext): OverlayPlan {
  if (overlays.reroute.length === 0 && overlays.migrate.length === 0) return EMPTY_PLAN;
  const { winIdx, tStartNs, tEndNs, coreCount } = ctx;

  const checkTime = (t: number, table: 'reroute' | 'migrate', index: number): void => {
    if (!Number.isFinite(t) || t < 0)
      throw new OverlayRejectedError('OVERLAY_INVALID', winIdx, { table, index }, `t_apply_ns ${t} is not a time`);
    if (t < tStartNs) {
      throw new OverlayRejectedError(
        'OVERLAY_COMMITTED',
        winIdx,
        { table, index },
        `t_apply_ns ${t} lies in a committed window (the commit frontier is ${tStartNs} ns); committed events never change`,
      );
    }
    if (t >= tEndNs) {
      throw new OverlayRejectedError(
        'OVERLAY_OUTSIDE_WINDOW',
        winIdx,
        { table, index },
        `t_apply_ns ${t} is past this window [${tStartNs}, ${tEndNs}); overlays are for the window being lowered only`,
      );
    }
  };

  const n = overlays.reroute.length;
  const rr = {
    count: n,
    tApplyNs: new Float64Array(n),
    fromCore: new Int32Array(n),
    toCore: new Int32Array(n),
    expert: new Int32Array(n),
    expertTasksOnly: new Uint8Array(n),
    mbStart: new Int32Array(n + 1),
    mbIds: new Int32Array(overlays.reroute.reduce((a, r) => a + r.mb_ids_json.length, 0)),
  };
  let mbCursor = 0;
  overlays.reroute.forEach((r, index) => {
    const reject = (code: PhysicalizerErrorCode, msg: string): never => {
      throw new OverlayRejectedError(code, winIdx, { table: 'reroute', index }, msg);
    };
    checkTime(r.t_apply_ns, 'reroute', index);
    for (const [name, c] of [
      ['from_core', r.from_core],
      ['to_core', r.to_core],
    ] as const) {
      if (!Number.isInteger(c) || c < 0 || c >= coreCount)
        reject('OVERLAY_INVALID', `${name} ${c} outside 0..${coreCount - 1}`);
    }
    if (r.from_core === r.to_core) reject('OVERLAY_INVALID', `from_core and to_core are both ${r.from_core}`);
    if (r.mb_ids_json.length === 0) reject('OVERLAY_INVALID', 'mb_ids_json names no micro-batch');
    rr.mbStart[index] = mbCursor;
    for (const mb of r.mb_ids_json) {
      if (!Number.isInteger(mb) || mb < 0 || mb >= ctx.mbIdCount)
        reject('OVERLAY_INVALID', `micro-batch ${mb} does not exist (0..${ctx.mbIdCount - 1})`);
      if (ctx.mbFullyIssued(mb))
        reject(
          'OVERLAY_MB_ISSUED',
          `micro-batch ${mb}: all its tasks were already issued; nothing of it can be rerouted`,
        );
      rr.mbIds[mbCursor++] = mb;
    }
    rr.mbStart[index + 1] = mbCursor;
    let e = -1;
    if (r.expert_id !== undefined) {
      e = Number(r.expert_id.slice(1));
      if (!isExpertId(r.expert_id) || e >= ctx.expertCount)
        reject('OVERLAY_INVALID', `expert_id ${r.expert_id} is not an expert of this workload`);
    }
    rr.tApplyNs[index] = r.t_apply_ns;
    rr.fromCore[index] = r.from_core;
    rr.toCore[index] = r.to_core;
    rr.expert[index] = e;
    rr.expertTasksOnly[index] = r.scope === 'expert' && e === -1 ? 1 : 0;
  });

  const order = overlays.migrate
    .map((_, i) => i)
    .sort((a, b) => (overlays.migrate[a]?.t_apply_ns ?? 0) - (overlays.migrate[b]?.t_apply_ns ?? 0) || a - b);
  const reps = ctx.replicas;
  const migratingShards = new Set<number>();
  const actions: MigrationAction[] = [];
  for (const index of order) {
    const o = overlays.migrate[index];
    if (o === undefined) continue;
    const reject = (code: PhysicalizerErrorCode, msg: string, cause?: unknown): never => {
      throw new OverlayRejectedError(
        code,
        winIdx,
        { table: 'migrate', index },
        msg,
        cause === undefined ? undefined : { cause },
      );
    };
    const t = o.t_apply_ns;
    checkTime(t, 'migrate', index);
    if (o.obj_type === 'weight') {
      let expert = -1;
      let shard = -1;
      try {
        ({ expert, shard } = decodeWeightTensorId(o.obj_id));
      } catch (cause) {
        reject('OVERLAY_INVALID', `obj_id ${JSON.stringify(o.obj_id)} is not a weight shard id`, cause);
      }
      if (expert >= ctx.expertCount || shard >= ctx.shardsPerExpert)
        reject('OVERLAY_INVALID', `${o.obj_id} is not a weight shard of this workload`);
      const shardId = expert * ctx.shardsPerExpert + shard;
      let src = -1;
      let dst = -1;
      try {
        src = ctx.topo.bankIndexOfId(o.src);
        dst = ctx.topo.bankIndexOfId(o.dst);
      } catch (cause) {
        reject(
          'OVERLAY_INVALID',
          `src ${JSON.stringify(o.src)} / dst ${JSON.stringify(o.dst)} must be banks of the stack`,
          cause,
        );
      }
      if (src === dst) reject('OVERLAY_INVALID', `src and dst are the same bank ${o.src}`);
      const cur = migratingShards.has(shardId) ? -1 : ctx.shardBankAt(shardId, t);
      if (cur === -1) reject('MIGRATION_IN_FLIGHT', `${o.obj_id} is still being migrated at ${t} ns`);
      if (cur !== src)
        reject('MIGRATION_STALE_SOURCE', `${o.obj_id} is in ${ctx.topo.bankIdOf(cur)} at ${t} ns, not in src ${o.src}`);
      migratingShards.add(shardId);
      actions.push({
        kind: ACTION_WEIGHT,
        tApplyNs: t,
        expert,
        shardId,
        srcBank: src,
        dstBank: dst,
        srcCore: -1,
        dstCore: -1,
      });
      continue;
    }
    const expert = isExpertId(o.obj_id) ? Number(o.obj_id.slice(1)) : -1;
    if (expert < 0 || expert >= ctx.expertCount)
      reject('OVERLAY_INVALID', `obj_id ${JSON.stringify(o.obj_id)} is not an expert of this workload`);
    const srcCore = parseCore(o.src, coreCount);
    if (srcCore === -1)
      reject('OVERLAY_INVALID', `src ${JSON.stringify(o.src)} is not a core id (0..${coreCount - 1})`);
    if (o.obj_type === 'retire') {
      try {
        reps.retire(expert, srcCore, t);
      } catch (cause) {
        if (cause instanceof PhysicalizerError) reject(cause.code, cause.message, cause);
        throw cause;
      }
      actions.push({
        kind: ACTION_RETIRE,
        tApplyNs: t,
        expert,
        shardId: -1,
        srcBank: -1,
        dstBank: -1,
        srcCore,
        dstCore: -1,
      });
      continue;
    }
    const dstCore = parseCore(o.dst, coreCount);
    if (dstCore === -1)
      reject('OVERLAY_INVALID', `dst ${JSON.stringify(o.dst)} is not a core id (0..${coreCount - 1})`);
    if (!ctx.isPlacementHost(expert, srcCore) && !reps.isUsable(expert, srcCore, t)) {
      reject('OVERLAY_INVALID', `src core ${srcCore} holds no usable copy of ${o.obj_id} at ${t} ns to copy from`);
    }
    try {
      reps.create(expert, dstCore, t);
    } catch (cause) {
      if (cause instanceof PhysicalizerError) reject(cause.code, cause.message, cause);
      throw cause;
    }
    actions.push({
      kind: ACTION_REPLICA,
      tApplyNs: t,
      expert,
      shardId: -1,
      srcBank: -1,
      dstBank: -1,
      srcCore,
      dstCore,
    });
  }
  return { reroutes: rr, actions };
}
