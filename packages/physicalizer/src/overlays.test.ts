import {
  EMPTY_OVERLAYS,
  buildTopology,
  type OverlayMigrate,
  type OverlayReroute,
  type Overlays,
  type PhysicalWindow,
} from '@tasmoe/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundRobinPlacement, smallArch, smallTas, smallWorkload } from './__testing__/fixtures.js';
import { flatten, runToEnd, sum } from './__testing__/run.js';
import { syntheticSource } from './__testing__/synthetic-source.js';
import { clonePhysicalWindow } from './clone-window.js';
import { OverlayRejectedError, PhysicalizerError } from './errors.js';
import { createPhysicalizer, type Physicalizer, type PhysicalizerOptions } from './physicalizer.js';

const arch = smallArch();
const topo = buildTopology(arch);
const tas = smallTas();
const W = tas.tacs.window_ms * 1e6;

/** Every expert on core 0: the hand-made hotspot. */
function hotspot(concurrency = 2): PhysicalizerOptions {
  const workload = smallWorkload({}, { concurrency });
  return {
    arch,
    tas,
    workload,
    placement: roundRobinPlacement(arch, workload, { allOn: 0 }),
    source: syntheticSource(workload),
  };
}

function reroute(
  r: Partial<OverlayReroute> & Pick<OverlayReroute, 't_apply_ns' | 'from_core' | 'to_core' | 'mb_ids_json'>,
): OverlayReroute {
  return { scope: 'mb', reason: 'hot_core', expected_gain: 0.1, ...r };
}
function migrate(
  m: Partial<OverlayMigrate> & Pick<OverlayMigrate, 't_apply_ns' | 'obj_type' | 'obj_id' | 'src' | 'dst'>,
): OverlayMigrate {
  return { size_bytes: 0, cost: 1, ...m };
}
const only = (o: Partial<Overlays>): Overlays => ({ reroute: o.reroute ?? [], migrate: o.migrate ?? [] });

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof PhysicalizerError) return e.code;
    throw e;
  }
}

/** Advance to the first window whose pending view has an expert task of micro-batch lane `lane` on core; returns its micro-batch id. */
function advanceToPending(
  ph: Physicalizer,
  core: number,
  lane: number,
): { w: number; experts: number[]; mbId: number } {
  const C = ph.workloadShape.microBatches;
  for (let w = ph.nextWindow; !ph.done; w++) {
    const p = ph.pendingWindow(w);
    const experts: number[] = [];
    let mbId = -1;
    for (let i = 0; i < p.taskCount; i++) {
      if (
        p.core[i] === core &&
        (p.mbId[i] ?? 0) % C === lane &&
        (p.expert[i] ?? -1) >= 0 &&
        (mbId === -1 || p.mbId[i] === mbId)
      ) {
        mbId = p.mbId[i] ?? 0;
        experts.push(p.expert[i] ?? 0);
      }
    }
    if (experts.length > 0) return { w, experts, mbId };
    ph.physicalizeWindow(w);
  }
  throw new Error('no such window');
}

describe('reroute overlays', () => {
  it('moves the named micro-batch tasks that would start on from_core; weights are then read over the NoC', () => {
    const ph = createPhysicalizer(hotspot());
    const { w, experts, mbId } = advanceToPending(ph, 0, 0);
    const e = experts[0] ?? 0;
    const pw = clonePhysicalWindow(
      ph.physicalizeWindow(
        w,
        only({
          reroute: [
            reroute({
              t_apply_ns: w * W,
              from_core: 0,
              to_core: 5,
              mb_ids_json: [mbId],
              scope: 'expert',
              expert_id: `E${e}`,
            }),
          ],
        }),
      ),
    );
    expect(pw.reroutesApplied).toBe(1);
    const moved: number[] = [];
    for (let i = 0; i < pw.compute.count; i++)
      if (pw.compute.expert[i] === e && pw.compute.mbId[i] === mbId) moved.push(pw.compute.coreId[i] ?? -1);
    expect(moved).toEqual([5]);
    // Its reads go from core 5 to core 0's vault: 2 hops, flits on the links.
    const remote = [];
    for (let i = 0; i < pw.memory.count; i++)
      if (pw.memory.srcCore[i] === 5 && topo.bankOwnerCore(pw.memory.bank[i] ?? 0) === 0)
        remote.push(pw.memory.hops[i]);
    expect(remote.length).toBe(2);
    expect(remote.every((h) => h === topo.hops(5, 0))).toBe(true);
    const later = runToEnd(ph);
    expect(sum(pw.linkFlits) + sum(later.map((x) => sum(x.linkFlits)))).toBeGreaterThan(0);
  });

  it('scope "mb" without expert_id moves every task of the micro-batch on from_core, attention included', () => {
    const ph = createPhysicalizer(hotspot(1));
    let w = 0;
    for (; ; w++) {
      const p = ph.pendingWindow(w);
      if (
        Array.from(p.core).some((c, i) => c === 0 && p.expert[i] === -1) &&
        Array.from(p.core).some((c, i) => c === 0 && (p.expert[i] ?? -1) >= 0)
      )
        break;
      ph.physicalizeWindow(w);
    }
    const p = ph.pendingWindow(w);
    const named = [...new Set(Array.from(p.mbId))];
    const pw = ph.physicalizeWindow(
      w,
      only({ reroute: [reroute({ t_apply_ns: w * W, from_core: 0, to_core: 15, mb_ids_json: named })] }),
    );
    expect(pw.compute.count).toBeGreaterThan(0);
    expect(Array.from(pw.compute.coreId.subarray(0, pw.compute.count))).not.toContain(0);
    expect(Array.from(pw.compute.op.subarray(0, pw.compute.count))).toContain(1);
    // a window lowered with overlays is not its dry run
    expect(codeOf(() => ph.startedWindow())).toBe('WINDOW_OUT_OF_ORDER');
  });

  it('other micro-batches and tasks before t_apply_ns stay where they were', () => {
    const ref = createPhysicalizer(hotspot());
    const ph = createPhysicalizer(hotspot());
    const { w, mbId } = advanceToPending(ph, 0, 1);
    for (let x = 0; x < w; x++) ref.physicalizeWindow(x);
    const a = ref.physicalizeWindow(w);
    const b = ph.physicalizeWindow(
      w,
      only({ reroute: [reroute({ t_apply_ns: w * W + W - 1, from_core: 0, to_core: 5, mb_ids_json: [mbId] })] }),
    );
    let kept = 0;
    for (let i = 0; i < a.compute.count; i++) {
      if (a.compute.mbId[i] !== mbId || (a.compute.tStartNs[i] ?? 0) < w * W + W - 1) {
        expect(b.compute.coreId[i]).toBe(a.compute.coreId[i]);
        kept++;
      }
    }
    expect(kept).toBeGreaterThan(0);
  });
});

describe('commit frontier', () => {
  it('refuses an overlay in a committed window, and leaves the state untouched', () => {
    const ref = runToEnd(createPhysicalizer(hotspot()));
    const ph = createPhysicalizer(hotspot());
    for (let w = 0; w < 5; w++) ph.physicalizeWindow(w);
    let err: unknown;
    try {
      ph.physicalizeWindow(
        5,
        only({ reroute: [reroute({ t_apply_ns: 4 * W + 10, from_core: 0, to_core: 5, mb_ids_json: [0] })] }),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OverlayRejectedError);
    expect(err).toMatchObject({ code: 'OVERLAY_COMMITTED', overlay: { table: 'reroute', index: 0 }, winIdx: 5 });
    const rest: PhysicalWindow[] = [];
    for (let w = 5; !ph.done; w++) rest.push(clonePhysicalWindow(ph.physicalizeWindow(w)));
    expect(rest).toEqual(ref.slice(5));
  });

  it('one bad row refuses the whole window: no reroute, no replica, no migration was applied', () => {
    const ref = runToEnd(createPhysicalizer(hotspot()));
    const ph = createPhysicalizer(hotspot());
    ph.physicalizeWindow(0);
    const ov = only({
      reroute: [reroute({ t_apply_ns: W, from_core: 0, to_core: 5, mb_ids_json: [0] })],
      migrate: [
        migrate({ t_apply_ns: W, obj_type: 'replica', obj_id: 'E1', src: '0', dst: '9' }),
        migrate({ t_apply_ns: W, obj_type: 'retire', obj_id: 'E2', src: '3', dst: '' }),
      ],
    });
    expect(() => ph.physicalizeWindow(1, ov)).toThrow(
      expect.objectContaining({ code: 'REPLICA_UNKNOWN', overlay: { table: 'migrate', index: 1 } }),
    );
    expect(ph.replicaState.replicaCores(1)).toEqual([]);
    const rest: PhysicalWindow[] = [];
    for (let w = 1; !ph.done; w++) rest.push(clonePhysicalWindow(ph.physicalizeWindow(w)));
    expect(rest).toEqual(ref.slice(1));
  });

  it('refuses overlays past the window, for finished or unknown micro-batches, and malformed rows', () => {
    const ph = createPhysicalizer(hotspot());
    const r = (x: Partial<OverlayReroute>) =>
      only({ reroute: [reroute({ t_apply_ns: 0, from_core: 0, to_core: 5, mb_ids_json: [0], ...x })] });
    expect(codeOf(() => ph.physicalizeWindow(0, r({ t_apply_ns: W })))).toBe('OVERLAY_OUTSIDE_WINDOW');
    // Micro-batch ids are step * concurrency + lane: 6 steps x 2 lanes = ids 0..11.
    expect(codeOf(() => ph.physicalizeWindow(0, r({ mb_ids_json: [12] })))).toBe('OVERLAY_INVALID');
    expect(codeOf(() => ph.physicalizeWindow(0, r({ mb_ids_json: [] })))).toBe('OVERLAY_INVALID');
    expect(codeOf(() => ph.physicalizeWindow(0, r({ to_core: 16 })))).toBe('OVERLAY_INVALID');
    expect(codeOf(() => ph.physicalizeWindow(0, r({ expert_id: 'E99' })))).toBe('OVERLAY_INVALID');
    const m = (x: Partial<OverlayMigrate>) =>
      only({ migrate: [migrate({ t_apply_ns: 0, obj_type: 'replica', obj_id: 'E1', src: '0', dst: '9', ...x })] });
    expect(codeOf(() => ph.physicalizeWindow(0, m({ src: '4' })))).toBe('OVERLAY_INVALID');
    expect(codeOf(() => ph.physicalizeWindow(0, m({ dst: 'core9' })))).toBe('OVERLAY_INVALID');
    expect(codeOf(() => ph.physicalizeWindow(0, m({ dst: '0' })))).toBe('REPLICA_EXISTS');
    expect(
      codeOf(() =>
        ph.physicalizeWindow(0, m({ obj_type: 'weight', obj_id: 'W_E1_0', src: 'B(0,0,0)', dst: 'B(9,9,9)' })),
      ),
    ).toBe('OVERLAY_INVALID');
    // Once a lane has moved past a step, that step's micro-batch is fully issued.
    for (let w = 0; ; w++) {
      const p = ph.pendingWindow(w);
      if (Array.from(p.mbId).some((m) => m >= 2)) break;
      ph.physicalizeWindow(w);
    }
    const w = ph.nextWindow;
    const pend = ph.pendingWindow(w);
    const issued = Array.from(pend.mbId).find((m) => m >= 2) ?? 2;
    expect(codeOf(() => ph.physicalizeWindow(w, r({ t_apply_ns: w * W, mb_ids_json: [issued % 2] })))).toBe(
      'OVERLAY_MB_ISSUED',
    );
    expect(codeOf(() => ph.physicalizeWindow(w, r({ t_apply_ns: w * W, mb_ids_json: [issued, 11] })))).toBeUndefined();
    runToEnd(ph);
    expect(
      codeOf(() => ph.physicalizeWindow(ph.nextWindow, r({ t_apply_ns: ph.commitFrontierNs, mb_ids_json: [11] }))),
    ).toBe('OVERLAY_MB_ISSUED');
  });
});

describe('replica overlays', () => {
  it('copy the shards into the destination vault (qos 1 read + write), then serve tasks from there', () => {
    const opts = hotspot();
    const ph = createPhysicalizer(opts);
    const S = opts.workload.tensors.shards_per_expert;
    const shardBytes = opts.workload.tensors.weight_shard_mb * 1024 * 1024;
    ph.physicalizeWindow(0);
    const pw = clonePhysicalWindow(
      ph.physicalizeWindow(
        1,
        only({ migrate: [migrate({ t_apply_ns: W, obj_type: 'replica', obj_id: 'E1', src: '0', dst: '9' })] }),
      ),
    );
    expect(pw.migrationsApplied).toBe(1);
    expect([pw.replicasCreated, pw.weightMovesApplied, pw.replicasRetired]).toEqual([1, 0, 0]);
    expect(pw.migrationBytes).toBe(S * shardBytes);
    const mig = flatten([pw]).memory.filter((m) => m.qos === 1);
    expect(mig).toHaveLength(2 * S);
    const placedBanks = [0, 1].map((s) => topo.bankIndexOfId(opts.placement.tensors[`W_E1_${s}`]?.dram_bank ?? ''));
    expect(mig.filter((m) => m.rw === 0).map((m) => m.bank)).toEqual(placedBanks);
    const dst = mig.filter((m) => m.rw === 1).map((m) => m.bank);
    expect(dst.every((b) => topo.bankOwnerCore(b) === 9)).toBe(true);
    expect(sum(pw.bankWriteBytes)).toBeGreaterThan(0);
    expect(ph.replicaState.replicaCores(1)).toEqual([9]);
    const rest = flatten(runToEnd(ph));
    const onReplica = rest.compute.filter((c) => c.expert === 1 && c.core === 9);
    expect(onReplica.length).toBeGreaterThan(0);
    // Tasks on the replica read its banks locally, after the copy completed.
    const copyEnd = Math.max(...mig.map((m) => m.t + m.bytes / 25));
    for (const c of onReplica) expect(c.t).toBeGreaterThanOrEqual(copyEnd - 1e-6);
    const replicaReads = rest.memory.filter((m) => m.core === 9 && m.qos === 0 && dst.includes(m.bank));
    expect(replicaReads.length).toBe(onReplica.length * S);
    expect(replicaReads.every((m) => m.hops === 0)).toBe(true);
  });

  it('enforce min residency and the undo cooldown through overlays', () => {
    const ph = createPhysicalizer(hotspot());
    const create = (w: number) =>
      only({ migrate: [migrate({ t_apply_ns: w * W, obj_type: 'replica', obj_id: 'E1', src: '0', dst: '9' })] });
    const retire = (w: number) =>
      only({ migrate: [migrate({ t_apply_ns: w * W, obj_type: 'retire', obj_id: 'E1', src: '9', dst: '' })] });
    ph.physicalizeWindow(0, create(0));
    const minRes = (tas.tacs.min_residency_ms * 1e6) / W; // 5 windows
    for (let w = 1; w < minRes; w++) {
      expect(ph.replicaState.canRetire(1, 9, w * W)).toBe(false);
      expect(codeOf(() => ph.physicalizeWindow(w, retire(w)))).toBe('REPLICA_MIN_RESIDENCY');
      ph.physicalizeWindow(w);
    }
    ph.physicalizeWindow(minRes, retire(minRes));
    expect(ph.replicaState.replicaCores(1)).toEqual([]);
    const cool = (tas.tacs.undo_cooldown_ms * 1e6) / W; // 10 windows
    for (let w = minRes + 1; w < minRes + cool; w++) {
      expect(codeOf(() => ph.physicalizeWindow(w, create(w)))).toBe('REPLICA_COOLDOWN');
      ph.physicalizeWindow(w);
    }
    ph.physicalizeWindow(minRes + cool, create(minRes + cool));
    expect(ph.replicaState.replicaCores(1)).toEqual([9]);
    // No task of E1 runs on core 9 between its retirement and re-creation.
    expect(JSON.parse(JSON.stringify(ph.replicaState.toJSON())).E1.retired_ns_by_core).toEqual({ '9': minRes * W });
  });
});

describe('weight migration overlays', () => {
  it('move a shard bank to bank; reads follow once the copy completed; stale or overlapping moves are refused', () => {
    const base = hotspot(1);
    // A bank no other tensor or KV uses, so every read of it is a read of W_E1_0.
    const from: `B(${number},${number},${number})` = 'B(3,1,1)';
    const opts = {
      ...base,
      placement: { ...base.placement, tensors: { ...base.placement.tensors, W_E1_0: { dram_bank: from } } },
    };
    const ph = createPhysicalizer(opts);
    const to = 'B(7,7,1)';
    const mv = (w: number, src = from) =>
      only({ migrate: [migrate({ t_apply_ns: w * W, obj_type: 'weight', obj_id: 'W_E1_0', src, dst: to })] });
    expect(codeOf(() => ph.physicalizeWindow(0, mv(0, 'B(1,1,1)')))).toBe('MIGRATION_STALE_SOURCE');
    const twice = only({
      migrate: [
        ...mv(0).migrate,
        migrate({ t_apply_ns: 10, obj_type: 'weight', obj_id: 'W_E1_0', src: to, dst: 'B(6,6,1)' }),
      ],
    });
    expect(() => ph.physicalizeWindow(0, twice)).toThrow(
      expect.objectContaining({ code: 'MIGRATION_IN_FLIGHT', overlay: { table: 'migrate', index: 1 } }),
    );
    expect(ph.lowersAsDryRun).toBe(true);
    const pw = clonePhysicalWindow(ph.physicalizeWindow(0, mv(0)));
    // the copy is in flight: the next window settles it first, unlike a dry run
    expect(ph.lowersAsDryRun).toBe(false);
    const mig = flatten([pw]).memory.filter((m) => m.qos === 1);
    expect(mig.map((m) => [m.rw, topo.bankIdOf(m.bank)])).toEqual([
      [0, from],
      [1, to],
    ]);
    expect(mig[0]?.hops).toBe(topo.hops(1, 15));
    // Over the NoC at the link rate (256 bits per 5 ns = 6.4 bytes/ns), below the bank rate.
    const copyEnd = (mig[0]?.t ?? 0) + (mig[0]?.bytes ?? 0) / 6.4;
    expect(copyEnd).toBeLessThan(W);
    expect(codeOf(() => ph.physicalizeWindow(1, mv(1, from)))).toBe('MIGRATION_STALE_SOURCE');
    const rest = flatten(runToEnd(ph));
    const reads = rest.memory.filter(
      (m) => m.qos === 0 && (m.bank === topo.bankIndexOfId(to) || m.bank === topo.bankIndexOfId(from)),
    );
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) expect(topo.bankIdOf(r.bank)).toBe(r.t >= copyEnd - 1e-6 ? to : from);
  });
});

describe('property: random overlay sequences', () => {
  it('accepted overlays keep the replica rules, tasks stay on hosts, FLOPs are conserved, cores never overlap', () => {
    const refFlops = sum(flatten(runToEnd(createPhysicalizer(hotspot()))).compute.map((c) => c.flops));
    const action = fc.record({
      kind: fc.constantFrom('reroute', 'replica', 'retire', 'weight', 'none', 'none'),
      a: fc.nat(),
      b: fc.nat(),
      dt: fc.nat({ max: W - 1 }),
    });
    fc.assert(
      fc.property(fc.array(action, { minLength: 30, maxLength: 120 }), (actions) => {
        const opts = hotspot();
        const ph = createPhysicalizer(opts);
        const reps = ph.replicaState;
        const created: { e: number; c: number; t: number }[] = [];
        const retired: { e: number; c: number; t: number }[] = [];
        const reroutedTo = new Map<number, Set<string>>();
        const ws: PhysicalWindow[] = [];
        let bank = new Map<number, string>();
        for (let w = 0; !ph.done; w++) {
          const act = actions[w % actions.length] ?? { kind: 'none', a: 0, b: 0, dt: 0 };
          const t = w * W + act.dt;
          const pend = ph.pendingWindow(w);
          let ov: Overlays = EMPTY_OVERLAYS;
          let predicted: boolean | undefined;
          const e = (act.a % 18) | 0;
          const core = 1 + (act.b % 15);
          if (act.kind === 'reroute' && pend.taskCount > 0) {
            const i = act.a % pend.taskCount;
            ov = only({
              reroute: [
                reroute({
                  t_apply_ns: t,
                  from_core: pend.core[i] ?? 0,
                  to_core: core === pend.core[i] ? 0 : core,
                  mb_ids_json: [pend.mbId[i] ?? 0],
                }),
              ],
            });
            predicted = true;
          } else if (act.kind === 'replica') {
            ov = only({
              migrate: [migrate({ t_apply_ns: t, obj_type: 'replica', obj_id: `E${e}`, src: '0', dst: String(core) })],
            });
            predicted = reps.canCreate(e, core, t);
          } else if (act.kind === 'retire') {
            const live = created.filter((x) => reps.replicaCores(x.e).includes(x.c));
            const pick = live[act.b % Math.max(1, live.length)];
            if (pick !== undefined) {
              ov = only({
                migrate: [
                  migrate({ t_apply_ns: t, obj_type: 'retire', obj_id: `E${pick.e}`, src: String(pick.c), dst: '' }),
                ],
              });
              predicted = reps.canRetire(pick.e, pick.c, t);
            }
          } else if (act.kind === 'weight') {
            const cur = bank.get(e) ?? opts.placement.tensors[`W_E${e}_0`]?.dram_bank ?? '';
            const dst = topo.bankIdOf((act.b * 7919) % topo.bankCount);
            if (dst !== cur) {
              ov = only({
                migrate: [migrate({ t_apply_ns: t, obj_type: 'weight', obj_id: `W_E${e}_0`, src: cur, dst })],
              });
              predicted = undefined; // may be refused while a previous move is in flight
            }
          }
          let pw: PhysicalWindow;
          try {
            pw = ph.physicalizeWindow(w, ov);
            if (predicted === false) throw new Error(`window ${w}: an overlay the replica view refused was accepted`);
            const m = ov.migrate[0];
            if (m?.obj_type === 'replica') created.push({ e, c: core, t });
            if (m?.obj_type === 'retire') retired.push({ e: Number(m.obj_id.slice(1)), c: Number(m.src), t });
            if (m?.obj_type === 'weight') bank = new Map(bank).set(e, m.dst);
            const r = ov.reroute[0];
            if (r !== undefined) reroutedTo.set(w, new Set(r.mb_ids_json.map((mb) => `${mb}@${r.to_core}`)));
          } catch (err) {
            if (!(err instanceof OverlayRejectedError)) throw err;
            if (predicted === true) throw new Error(`window ${w}: a valid overlay was refused: ${err.message}`);
            pw = ph.physicalizeWindow(w);
          }
          if (pw.reroutesApplied + pw.migrationsApplied === 0) {
            // Without overlays the window issues exactly what pendingWindow announced.
            expect(Array.from(pw.compute.coreId.subarray(0, pw.compute.count))).toEqual(Array.from(pend.core));
            expect(Array.from(pw.compute.expert.subarray(0, pw.compute.count))).toEqual(Array.from(pend.expert));
          }
          ws.push(clonePhysicalWindow(pw));
        }
        for (const r of retired) {
          const c = created.filter((x) => x.e === r.e && x.c === r.c && x.t <= r.t).at(-1);
          expect(r.t - (c?.t ?? -Infinity)).toBeGreaterThanOrEqual(opts.tas.tacs.min_residency_ms * 1e6);
        }
        for (const c of created) {
          for (const r of retired)
            if (r.e === c.e && r.c === c.c && r.t <= c.t)
              expect(c.t - r.t).toBeGreaterThanOrEqual(opts.tas.tacs.undo_cooldown_ms * 1e6);
        }
        const ev = flatten(ws);
        for (const x of ev.compute) {
          if (x.op !== 0) continue;
          const ok =
            opts.placement.experts[`E${x.expert}`]?.cores.includes(x.core) === true ||
            created.some((r) => r.e === x.expert && r.c === x.core && r.t <= x.t) ||
            reroutedTo.get(x.win)?.has(`${x.mb}@${x.core}`) === true;
          expect(ok).toBe(true);
        }
        expect(sum(ev.compute.map((c) => c.flops))).toBeCloseTo(refFlops, -1);
        const byCore = new Map<number, [number, number][]>();
        for (const c of ev.compute) byCore.set(c.core, [...(byCore.get(c.core) ?? []), [c.t, c.t + c.cycles / 2]]);
        for (const list of byCore.values()) {
          list.sort((p, q) => p[0] - q[0]);
          for (let i = 1; i < list.length; i++)
            expect(list[i]?.[0] ?? 0).toBeGreaterThanOrEqual((list[i - 1]?.[1] ?? 0) - 1e-6);
        }
      }),
      { numRuns: 12 },
    );
  });
});
