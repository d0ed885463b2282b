/**
 * Expert replicas created by TACS beyond the placement (seed section 3.5), with
 * the two rules that keep TACS from thrashing: a replica lives at least
 * `min_residency_ms` before it may be retired, and a replica retired from a core
 * may not be re-created there for `undo_cooldown_ms`.
 *
 * Every record is timed: created (the overlay's t_apply_ns), ready (its weight
 * copy completed; usable from then on), retired. A retired record is kept until
 * the commit frontier passes its retirement, so tasks that start before the
 * retirement inside the same window still see it.
 */
import { ReplicaStateSchema, type ReplicaStateJson, type ReplicaStateView } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';

export interface ReplicaRecord {
  readonly core: number;
  readonly createdNs: number;
  /** Infinity until the copy is scheduled. */
  readyNs: number;
  /** Infinity while live. */
  retiredNs: number;
}

export interface ReplicaRules {
  readonly minResidencyNs: number;
  readonly undoCooldownNs: number;
  /** Cores that host an expert by placement (no replica may be created there). */
  readonly placementCores?: (expert: number) => ArrayLike<number>;
}

function includes(list: ArrayLike<number>, v: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === v) return true;
  return false;
}

const NO_CORES: readonly number[] = Object.freeze([]);

export class ReplicaState implements ReplicaStateView {
  readonly minResidencyNs: number;
  readonly undoCooldownNs: number;
  private readonly placementCores: ((expert: number) => ArrayLike<number>) | undefined;
  private readonly records = new Map<number, Map<number, ReplicaRecord>>();
  /** recordsOf cache, dropped whenever records are added or removed. */
  private readonly lists = new Map<number, ReplicaRecord[]>();
  private readonly lastRetired = new Map<number, Map<number, number>>();
  /** Weight migrations not yet pruned, by shard (shardKey): [start, end) of the copy. */
  private weightMoves = new Map<number, { readonly startNs: number; readonly endNs: number }>();

  constructor(rules: ReplicaRules) {
    if (!(rules.minResidencyNs >= 0) || !(rules.undoCooldownNs >= 0)) {
      throw new PhysicalizerError('REPLICA_STATE_INVALID', 'min residency and undo cooldown must be non-negative');
    }
    this.minResidencyNs = rules.minResidencyNs;
    this.undoCooldownNs = rules.undoCooldownNs;
    this.placementCores = rules.placementCores;
  }

  replicaCores(expert: number): readonly number[] {
    const recs = this.records.get(expert);
    if (recs === undefined) return NO_CORES;
    const out: number[] = [];
    for (const [core, r] of recs) if (r.retiredNs === Infinity) out.push(core);
    return out.sort((a, b) => a - b);
  }

  /** Live replica cores whose copy has completed by `nowNs`. */
  usableReplicaCores(expert: number, nowNs: number): readonly number[] {
    return this.replicaCores(expert).filter((c) => this.isUsable(expert, c, nowNs));
  }

  canRetire(expert: number, core: number, nowNs: number): boolean {
    const r = this.records.get(expert)?.get(core);
    return r !== undefined && r.retiredNs === Infinity && nowNs >= r.createdNs + this.minResidencyNs;
  }

  canCreate(expert: number, core: number, nowNs: number): boolean {
    return this.createRefusal(expert, core, nowNs) === undefined;
  }

  inFlight(nowNs: number): number {
    let n = 0;
    for (const recs of this.records.values()) {
      for (const r of recs.values()) if (r.createdNs <= nowNs && nowNs < r.readyNs && nowNs < r.retiredNs) n++;
    }
    for (const m of this.weightMoves.values()) if (m.startNs <= nowNs && nowNs < m.endNs) n++;
    return n;
  }

  /** Can tasks starting at `t` on `core` use its replica of `expert`? */
  isUsable(expert: number, core: number, t: number): boolean {
    const r = this.records.get(expert)?.get(core);
    return r !== undefined && r.readyNs <= t && t < r.retiredNs;
  }

  /**
   * Records (live, copying, or retired but not yet pruned) of an expert, ascending core;
   * undefined when none. Hot path: the array is cached until the records change.
   */
  recordsOf(expert: number): readonly ReplicaRecord[] | undefined {
    const cached = this.lists.get(expert);
    if (cached !== undefined) return cached;
    const recs = this.records.get(expert);
    if (recs === undefined) return undefined;
    const list = [...recs.values()].sort((a, b) => a.core - b.core);
    this.lists.set(expert, list);
    return list;
  }

  create(expert: number, core: number, nowNs: number): ReplicaRecord {
    const refusal = this.createRefusal(expert, core, nowNs);
    if (refusal !== undefined) throw new PhysicalizerError(refusal.code, refusal.message);
    let recs = this.records.get(expert);
    if (recs === undefined) {
      recs = new Map();
      this.records.set(expert, recs);
    }
    const rec: ReplicaRecord = { core, createdNs: nowNs, readyNs: Infinity, retiredNs: Infinity };
    recs.set(core, rec);
    this.lists.delete(expert);
    return rec;
  }

  /** The copy of the replica completes at `readyNs` (whole ns, rounded up). */
  setReady(expert: number, core: number, readyNs: number): void {
    const r = this.records.get(expert)?.get(core);
    if (r === undefined) throw new PhysicalizerError('REPLICA_UNKNOWN', `E${expert} has no replica on core ${core}`);
    r.readyNs = Math.ceil(readyNs);
  }

  retire(expert: number, core: number, nowNs: number): void {
    const r = this.records.get(expert)?.get(core);
    if (r === undefined || r.retiredNs !== Infinity) {
      throw new PhysicalizerError('REPLICA_UNKNOWN', `E${expert} has no live replica on core ${core} to retire`);
    }
    if (nowNs < r.createdNs + this.minResidencyNs) {
      throw new PhysicalizerError(
        'REPLICA_MIN_RESIDENCY',
        `replica of E${expert} on core ${core} created at ${r.createdNs} ns may not be retired before ${r.createdNs + this.minResidencyNs} ns (min residency), asked at ${nowNs} ns`,
      );
    }
    r.retiredNs = nowNs;
    let m = this.lastRetired.get(expert);
    if (m === undefined) {
      m = new Map();
      this.lastRetired.set(expert, m);
    }
    m.set(core, nowNs);
  }

  /** A weight migration of shard W_E<expert>_<shard> copying over [startNs, endNs), for inFlight() and weightInFlight(). */
  noteTransfer(startNs: number, endNs: number, expert: number, shard: number): void {
    this.weightMoves.set(shardKey(expert, shard), { startNs, endNs });
  }

  weightInFlight(expert: number, shard: number, nowNs: number): boolean {
    if (this.weightMoves.size === 0) return false;
    const m = this.weightMoves.get(shardKey(expert, shard));
    return m !== undefined && nowNs < m.endNs;
  }

  /** Experts with any record (live, copying or retired-not-yet-pruned); 0 lets the hot path skip replica lookups. */
  get expertsWithRecords(): number {
    return this.records.size;
  }

  /** Forget what cannot matter at or after `frontierNs`: retired records and finished transfers. */
  prune(frontierNs: number): void {
    if (this.records.size === 0 && this.weightMoves.size === 0) return;
    for (const [e, recs] of this.records) {
      for (const [c, r] of recs) {
        if (r.retiredNs <= frontierNs) {
          recs.delete(c);
          this.lists.delete(e);
        }
      }
      if (recs.size === 0) this.records.delete(e);
    }
    for (const [k, m] of this.weightMoves) if (m.endNs <= frontierNs) this.weightMoves.delete(k);
  }

  clone(): ReplicaState {
    const s = new ReplicaState(this.rules());
    for (const [e, recs] of this.records) s.records.set(e, new Map([...recs].map(([c, r]) => [c, { ...r }])));
    for (const [e, m] of this.lastRetired) s.lastRetired.set(e, new Map(m));
    s.weightMoves = new Map(this.weightMoves);
    return s;
  }

  /** replica_state.json: live replicas per expert plus the per-core times (extras) that make the rules resumable. */
  toJSON(): ReplicaStateJson {
    const experts = new Set([...this.records.keys(), ...this.lastRetired.keys()]);
    const out: ReplicaStateJson = {};
    for (const e of [...experts].sort((a, b) => a - b)) {
      const recs = this.records.get(e);
      const live = [...(recs ?? new Map<number, ReplicaRecord>())]
        .filter(([, r]) => r.retiredNs === Infinity)
        .sort(([a], [b]) => a - b);
      const created: Record<string, number> = {};
      const ready: Record<string, number> = {};
      for (const [c, r] of live) {
        created[String(c)] = r.createdNs;
        if (r.readyNs !== Infinity) ready[String(c)] = r.readyNs;
      }
      const retired: Record<string, number> = {};
      for (const [c, t] of [...(this.lastRetired.get(e) ?? new Map<number, number>())].sort(([a], [b]) => a - b))
        retired[String(c)] = t;
      const allCreated = [...(recs?.values() ?? [])].map((r) => r.createdNs);
      const tsCreated =
        live.length > 0
          ? Math.min(...live.map(([, r]) => r.createdNs))
          : allCreated.length > 0
            ? Math.max(...allCreated)
            : 0;
      out[`E${e}`] = {
        cores: live.map(([c]) => c),
        ts_created_ns: tsCreated,
        created_ns_by_core: created,
        retired_ns_by_core: retired,
        ready_ns_by_core: ready,
      };
    }
    return out;
  }

  /**
   * Read replica_state.json (validated). Files without the per-core extras (the
   * seed's form) give every listed core the entry's ts_created_ns, ready at once.
   */
  static fromJSON(json: unknown, rules: ReplicaRules): ReplicaState {
    const parsed = ReplicaStateSchema.safeParse(json);
    if (!parsed.success) {
      throw new PhysicalizerError(
        'REPLICA_STATE_INVALID',
        `replica_state.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        {
          cause: parsed.error,
        },
      );
    }
    const s = new ReplicaState(rules);
    for (const [id, entry] of Object.entries(parsed.data)) {
      const e = Number(id.slice(1));
      for (const c of entry.cores) {
        const createdNs = entry.created_ns_by_core?.[String(c)] ?? entry.ts_created_ns;
        const readyNs =
          entry.ready_ns_by_core?.[String(c)] ?? (entry.ready_ns_by_core === undefined ? createdNs : Infinity);
        let recs = s.records.get(e);
        if (recs === undefined) {
          recs = new Map();
          s.records.set(e, recs);
        }
        recs.set(c, { core: c, createdNs, readyNs, retiredNs: Infinity });
      }
      for (const [c, t] of Object.entries(entry.retired_ns_by_core ?? {})) {
        let m = s.lastRetired.get(e);
        if (m === undefined) {
          m = new Map();
          s.lastRetired.set(e, m);
        }
        m.set(Number(c), t);
      }
    }
    return s;
  }

  private rules(): ReplicaRules {
    return this.placementCores === undefined
      ? { minResidencyNs: this.minResidencyNs, undoCooldownNs: this.undoCooldownNs }
      : {
          minResidencyNs: this.minResidencyNs,
          undoCooldownNs: this.undoCooldownNs,
          placementCores: this.placementCores,
        };
  }

  private createRefusal(
    expert: number,
    core: number,
    nowNs: number,
  ): { code: 'REPLICA_EXISTS' | 'REPLICA_COOLDOWN'; message: string } | undefined {
    if (this.placementCores !== undefined && includes(this.placementCores(expert), core)) {
      return { code: 'REPLICA_EXISTS', message: `core ${core} already hosts E${expert} by placement` };
    }
    const r = this.records.get(expert)?.get(core);
    if (r !== undefined && r.retiredNs === Infinity)
      return { code: 'REPLICA_EXISTS', message: `core ${core} already holds a replica of E${expert}` };
    const retired = this.lastRetired.get(expert)?.get(core);
    if (retired !== undefined && nowNs < retired + this.undoCooldownNs) {
      return {
        code: 'REPLICA_COOLDOWN',
        message: `replica of E${expert} on core ${core} was retired at ${retired} ns; no re-creation before ${retired + this.undoCooldownNs} ns (undo cooldown), asked at ${nowNs} ns`,
      };
    }
    return undefined;
  }
}

/** One number per (expert, shard): shards per expert stay far below 2^20. */
function shardKey(expert: number, shard: number): number {
  return expert * 1_048_576 + shard;
}
