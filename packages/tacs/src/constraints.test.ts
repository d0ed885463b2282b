/**
 * Constraint tests: migration slots, in-flight copies, NoC deferral, undo cooldown,
 * minimum residency, retirement, DRAM emergency shard moves.
 */
import { stripeGroups } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import {
  contextFor,
  HW,
  fakeReplicaState,
  hotFor,
  params,
  pendingOf,
  placementOf,
  telemetryOf,
  TOPO,
  vaultBank,
  type Task,
} from './__fixtures__/fakes.js';
import { withWeightMigrations } from './expert-weights.js';
import { tacsStep } from './tacs-step.js';

/** Four hot cores far apart (ranked 9 > 14 > 49 > 54 by temperature), each with one single-hosted expert. */
const SOURCES = [9, 14, 49, 54] as const;
const SOURCE_TEMPS = [88, 87, 86, 85] as const;

function chip(extra: Readonly<Record<number, number>> = {}): number[] {
  return Array.from({ length: TOPO.coreCount }, (_, c) => {
    const i = SOURCES.indexOf(c as (typeof SOURCES)[number]);
    return extra[c] ?? (i >= 0 ? (SOURCE_TEMPS[i] ?? 60) : 60);
  });
}

const busy = (t: readonly number[]) => t.map((x) => (x > 80 ? 0.95 : 0.3));

function tasksOn(core: number, expert: number): Task[] {
  return [0, 1, 2, 3].map((mb) => ({ mb, expert, core, flops: 2.5e9 }));
}

const placement = placementOf({ 0: 9, 1: 14, 2: 49, 3: 54 });
const pending = pendingOf(SOURCES.flatMap((c, e) => tasksOn(c, e)));

describe('migration slots', () => {
  it('deals free slots round-robin over the top_k ranks: max_parallel_migrations = 2 -> the two hottest sources', () => {
    const t = chip();
    const res = tacsStep(
      telemetryOf(t, { util_core: busy(t) }),
      placement,
      fakeReplicaState(),
      params({ max_parallel_migrations: 2 }),
      pending,
      contextFor(placement, { prev: hotFor(3, t) }),
    );
    const replicas = res.migrate.filter((m) => m.obj_type === 'replica');
    expect(replicas.map((m) => m.src)).toEqual(['9', '14']);
    const slots = res.decisions.filter((d) => d.kind === 'source').map((d) => d.values?.replica_slots);
    expect(slots).toEqual([1, 1, 0, 0]);
    expect(res.decisions.filter((d) => d.kind === 'skip').map((d) => d.core)).toEqual([49, 54]);
  });

  it('counts copies still in flight against max_parallel_migrations', () => {
    const t = chip();
    const run = (inFlight: number) =>
      tacsStep(
        telemetryOf(t, { util_core: busy(t) }),
        placement,
        fakeReplicaState({ inFlight }),
        params({ max_parallel_migrations: 4 }),
        pending,
        contextFor(placement, { prev: hotFor(3, t) }),
      ).migrate.filter((m) => m.obj_type === 'replica').length;
    expect(run(0)).toBe(4);
    expect(run(3)).toBe(1);
    expect(run(4)).toBe(0);
    expect(run(9)).toBe(0);
  });

  it('defers replicas while noc_load is above the threshold but still reroutes to existing hosts', () => {
    const t = chip();
    const replicas = fakeReplicaState({ replicas: { 1: [15] } });
    const res = tacsStep(
      telemetryOf(t, { util_core: busy(t), noc_load: 0.85 }),
      placement,
      replicas,
      params(),
      pending,
      contextFor(placement, { prev: hotFor(3, t) }),
    );
    expect(res.migrate).toEqual([]);
    expect(res.reroute.map((r) => [r.from_core, r.to_core])).toEqual([[14, 15]]);
    expect(
      res.decisions.filter((d) => d.kind === 'skip').every((d) => /noc_load above noc_defer_threshold/.test(d.reason)),
    ).toBe(true);
    const below = tacsStep(
      telemetryOf(t, { util_core: busy(t), noc_load: 0.8 }),
      placement,
      replicas,
      params(),
      pending,
      contextFor(placement, { prev: hotFor(3, t) }),
    );
    expect(below.migrate.filter((m) => m.obj_type === 'replica').length).toBe(3);
  });

  it('never creates a replica inside the undo cooldown', () => {
    const t = chip();
    const near9 = TOPO.neighbours(9, 2);
    const run = (cooling: string[]) =>
      tacsStep(
        telemetryOf(t, { util_core: busy(t) }),
        placement,
        fakeReplicaState({ cooling }),
        params({ top_k_sources: 1 }),
        pendingOf(tasksOn(9, 0)),
        contextFor(placement, { prev: hotFor(3, t) }),
      );
    const free = run([]);
    const first = free.migrate[0]?.dst;
    expect(first).toBeDefined();
    const second = run([`0:${first}`]);
    expect(second.migrate).toHaveLength(1);
    expect(second.migrate[0]?.dst).not.toBe(first);
    const none = run(near9.map((c) => `0:${c}`));
    expect(none.migrate).toEqual([]);
    expect(none.reroute).toEqual([]);
    expect(none.decisions.find((d) => d.kind === 'skip')?.reason).toMatch(/undo cooldown/);
  });

  it('prices the replica copy with mu: a large mu rejects it', () => {
    const t = chip();
    const run = (mu: number) =>
      tacsStep(
        telemetryOf(t, { util_core: busy(t) }),
        placement,
        fakeReplicaState(),
        params({ top_k_sources: 1, cost: { lambda_hops: 1, mu_noc: mu, eta_temp: 1.5 } }),
        pendingOf(tasksOn(9, 0)),
        contextFor(placement, { prev: hotFor(3, t) }),
      );
    const cheap = run(0);
    expect(cheap.migrate).toHaveLength(1);
    const d = cheap.decisions.find((x) => x.kind === 'replica');
    // 64 MiB over 1 hop at 6.4 B/ns spread over min_residency 15 ms / 3 ms = 5 windows: 0.699 link-windows.
    expect(d?.terms?.nocHat).toBeCloseTo((64 * 2 ** 20) / (6.4 * 3e6) / 5, 6);
    expect(run(50).migrate).toEqual([]);
  });
});

describe('replica retirement', () => {
  // Expert 0 lives on core 9 (cool now), TACS gave it a replica on core 10 (hot now).
  const t = chip({ 9: 62, 10: 75, 14: 60, 49: 60, 54: 60 });
  const prev = { ...hotFor(0, t), replicaExperts: Int32Array.from([0]) };

  it('retires a replica whose core is hotter than the other hosts by more than the margin', () => {
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 0: [10] } }),
      params(),
      pendingOf([]),
      contextFor(placement, { prev }),
    );
    expect(res.migrate).toEqual([
      { t_apply_ns: pending.tStartNs, obj_type: 'retire', obj_id: 'E0', src: '10', dst: '', size_bytes: 0, cost: 0 },
    ]);
    expect(res.reroute).toEqual([]);
  });

  it('keeps it until the minimum residency is met', () => {
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 0: [10] }, pinned: ['0:10'] }),
      params(),
      pendingOf([]),
      contextFor(placement, { prev }),
    );
    expect(res.migrate).toEqual([]);
    expect(res.decisions).toMatchObject([
      { kind: 'retire', accepted: false, reason: 'minimum residency not yet met', core: 10, expert: 0 },
    ]);
  });

  it('keeps a replica that still sits on a cooler core, and forgets experts without replicas', () => {
    const cool = chip({ 9: 75, 10: 62, 14: 60, 49: 60, 54: 60 });
    const res = tacsStep(
      telemetryOf(cool),
      placement,
      fakeReplicaState({ replicas: { 0: [10] } }),
      params(),
      pendingOf([]),
      contextFor(placement, { prev: { ...hotFor(0, cool), replicaExperts: Int32Array.from([0, 3]) } }),
    );
    expect(res.migrate).toEqual([]);
    expect(Array.from(res.next.replicaExperts)).toEqual([0]);
  });
});

describe('DRAM emergency shard moves', () => {
  // Bank temperatures follow the core below + 5 C; the bank holding E0's shard (above core 9) reads 91 C.
  function bankTemps(hot: number): number[] {
    const t = chip({ 9: 75, 14: 60, 49: 60, 54: 60 });
    return Array.from({ length: TOPO.bankCount }, (_, b) => (b === hot ? 91 : (t[TOPO.bankOwnerCore(b)] ?? 60) + 5));
  }
  const t = chip({ 9: 75, 14: 60, 49: 60, 54: 60 });
  /** One step with these bank temperatures; E0's tasks on core 9 pending unless told. */
  function step(
    temps: number[],
    o: {
      tas?: Record<string, unknown>;
      pending?: Task[];
      win?: number;
      replicas?: ReturnType<typeof fakeReplicaState>;
      place?: typeof placement;
      ctx?: Parameters<typeof contextFor>[1];
    } = {},
  ) {
    const p = o.place ?? placement;
    return tacsStep(
      telemetryOf(t, { temps_bank: temps }),
      p,
      o.replicas ?? fakeReplicaState(),
      params(o.tas),
      pendingOf(o.pending ?? tasksOn(9, 0), o.win),
      contextFor(p, o.ctx),
    );
  }

  it("moves a shard out of a bank at/above Temg to the coolest free bank of its reader's vault", () => {
    const hot = vaultBank(9);
    const res = step(bankTemps(hot));
    expect(res.migrate).toHaveLength(1);
    const row = res.migrate[0];
    expect(row).toMatchObject({
      obj_type: 'weight',
      obj_id: 'W_E0_0',
      src: TOPO.bankIdOf(hot),
      size_bytes: 64 * 2 ** 20,
    });
    const dst = TOPO.bankIndexOfId(row?.dst ?? '');
    // the cooler vaults next door (65 C) are not targets: a shard there is read through their TSVs
    expect(TOPO.bankOwnerCore(dst)).toBe(9);
    expect(dst).not.toBe(hot);
    expect(bankTemps(hot)[dst]).toBe(80);
  });

  it("moves shards at the DRAM emergency (Temg_dram), not at the cores' Temg", () => {
    const hot = vaultBank(9);
    const temps = Array.from({ length: TOPO.bankCount }, (_, b) => (b === hot ? 84 : 70));
    const run = (thresholds: Record<string, number>) =>
      tacsStep(
        telemetryOf(t, { temps_bank: temps }),
        placement,
        fakeReplicaState(),
        params({ thresholds }),
        pendingOf(tasksOn(9, 0)),
        contextFor(placement),
      ).migrate.filter((m) => m.obj_type === 'weight');
    expect(run({ Thot: 72, Temg: 78 })).toEqual([]); // default Temg_dram 85
    expect(run({ Thot: 72, Temg: 78, Temg_dram: 84 })).toHaveLength(1);
  });

  it('leaves a moved shard where it is for min_residency_ms (its copy may still be in flight)', () => {
    const hot = vaultBank(9);
    const first = step(bankTemps(hot));
    const row = first.migrate[0];
    expect(row).toBeDefined();
    const dst = TOPO.bankIndexOfId(row?.dst ?? '');
    const moved = withWeightMigrations(contextFor(placement).weights, first.migrate, TOPO);
    // the target is now the hot bank: 15 ms = 5 windows later it stays, 6 windows later it moves
    const again = (win: number) =>
      tacsStep(
        telemetryOf(t, { temps_bank: bankTemps(dst) }),
        placement,
        fakeReplicaState(),
        params(),
        pendingOf(tasksOn(9, 0), win),
        contextFor(placement, { weights: moved }),
      ).migrate.filter((m) => m.obj_type === 'weight');
    expect(again(9)).toEqual([]);
    expect(again(10)).toHaveLength(1);
  });

  it('leaves a shard whose earlier move is still copying (the view says so) where it is', () => {
    const hot = vaultBank(9);
    const run = (copying: boolean) =>
      tacsStep(
        telemetryOf(t, { temps_bank: bankTemps(hot) }),
        placement,
        { ...fakeReplicaState(), weightInFlight: (e, s) => copying && e === 0 && s === 0 },
        params(),
        pendingOf(tasksOn(9, 0)),
        contextFor(placement),
      ).migrate.filter((m) => m.obj_type === 'weight');
    expect(run(false)).toHaveLength(1);
    expect(run(true)).toEqual([]);
  });

  it('moves two hot shards of one vault to two different stripe groups, not one', () => {
    // E0 and E3 both on core 9 with their shards in one hot group (stripe_banks 2: both dies at a position)
    const two = placementOf({ 0: 9, 3: 9 });
    const HW2 = { ...HW, stripeBanks: 2 };
    const ctx0 = contextFor(two, { hw: HW2 });
    const homes = Array.from(ctx0.weights.shardBank);
    const hotBanks = new Set(homes.flatMap((b) => Array.from(stripeGroups(TOPO, 2).subarray(b * 2, b * 2 + 2))));
    // one position of the vault is coolest on both dies: the first move takes it, the second may not
    const coolPos = (b: number) => {
      const c = TOPO.bankCoord(b);
      return c.x === 3 && c.y === 2;
    };
    const temps = Array.from({ length: TOPO.bankCount }, (_, b) => (hotBanks.has(b) ? 91 : coolPos(b) ? 60 : 70));
    const res = tacsStep(
      telemetryOf(t, { temps_bank: temps }),
      two,
      fakeReplicaState(),
      params(),
      pendingOf([...tasksOn(9, 0), ...tasksOn(9, 3)]),
      contextFor(two, { hw: HW2 }),
    );
    const dst = res.migrate.filter((m) => m.obj_type === 'weight').map((m) => TOPO.bankIndexOfId(m.dst));
    expect(dst).toHaveLength(2);
    const key = (b: number) =>
      Array.from(stripeGroups(TOPO, 2).subarray(b * 2, b * 2 + 2))
        .sort((x, y) => x - y)
        .join(',');
    expect(key(dst[0]!)).not.toBe(key(dst[1]!));
    expect(coolPos(dst[0]!)).toBe(true);
  });

  describe('striped over both dies (stripe_banks 2)', () => {
    const HW2 = { ...HW, stripeBanks: 2 };
    const home = vaultBank(9, 0);
    const [, partner] = Array.from(stripeGroups(TOPO, 2).subarray(home * 2, home * 2 + 2));
    const step = (temps: number[]) =>
      tacsStep(
        telemetryOf(t, { temps_bank: temps }),
        placement,
        fakeReplicaState(),
        params(),
        pendingOf(tasksOn(9, 0)),
        contextFor(placement, { hw: HW2 }),
      );

    it('judges a shard by the hottest bank of its stripe group, not its home bank', () => {
      const temps = Array.from({ length: TOPO.bankCount }, (_, b) => (b === partner ? 91 : 70));
      const res = step(temps);
      expect(res.migrate).toHaveLength(1);
      expect(res.migrate[0]).toMatchObject({ obj_id: 'W_E0_0', src: TOPO.bankIdOf(home) });
      const dst = TOPO.bankIndexOfId(res.migrate[0]?.dst ?? '');
      expect(TOPO.bankOwnerCore(dst)).toBe(9);
      // the target's whole group is below Temg: not the partner's group, whose banks are the source's
      const group = Array.from(stripeGroups(TOPO, 2).subarray(dst * 2, dst * 2 + 2));
      expect(group).not.toContain(partner);
      expect(group.every((b) => (temps[b] ?? 0) < 90)).toBe(true);
    });

    it("stays put when every free group of the reader's vault has a bank at/above Temg, however cool the next vault", () => {
      // every bank of core 9's vault at 91 except the home bank; all other vaults at 60
      const temps = Array.from({ length: TOPO.bankCount }, (_, b) =>
        TOPO.bankOwnerCore(b) === 9 && b !== home ? 91 : 60,
      );
      const res = step(temps);
      expect(res.migrate).toEqual([]);
      expect(res.decisions.some((d) => d.kind === 'skip' && d.reason.includes("reading core's vault"))).toBe(true);
    });
  });

  it('is deferred with the other migrations and needs a free slot', () => {
    const hot = vaultBank(9);
    const run = (noc: number, maxPar: number) =>
      tacsStep(
        telemetryOf(t, { temps_bank: bankTemps(hot), noc_load: noc }),
        placement,
        fakeReplicaState(),
        params({ max_parallel_migrations: maxPar }),
        pendingOf(tasksOn(9, 0)),
        contextFor(placement),
      );
    expect(run(0.9, 4).migrate).toEqual([]);
    expect(run(0.9, 4).decisions[0]?.kind).toBe('deferred');
    expect(run(0.1, 0).migrate).toEqual([]);
    expect(run(0.1, 1).migrate).toHaveLength(1);
  });

  it('ignores hot banks that hold no shard read in the pending window', () => {
    const hot = vaultBank(9);
    const res = tacsStep(
      telemetryOf(t, { temps_bank: bankTemps(hot) }),
      placement,
      fakeReplicaState(),
      params(),
      pendingOf(tasksOn(14, 1)),
      contextFor(placement),
    );
    expect(res.migrate).toEqual([]);
  });
});

describe('emergencies beyond top_k_sources', () => {
  it('relieves every core at or above Temg even when there are more of them than top_k_sources', () => {
    const t = chip({ 9: 92, 14: 93, 49: 94, 54: 95 });
    const reps = fakeReplicaState({ replicas: { 0: [10], 1: [15], 2: [50], 3: [55] } });
    const res = tacsStep(telemetryOf(t), placement, reps, params({ top_k_sources: 2 }), pending, contextFor(placement));
    expect(res.reroute.map((r) => r.from_core)).toEqual([54, 49, 14, 9]);
    expect(res.reroute.every((r) => r.reason === 'emergency')).toBe(true);
  });
});
