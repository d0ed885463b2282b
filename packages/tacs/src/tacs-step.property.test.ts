/**
 * Invariants of tacsStep over random telemetry, placements, replica states and
 * pending windows (fast-check): monotone in Thot and mu, and every row is safe.
 */
import fc from 'fast-check';
import { OverlayMigrateSchema, OverlayRerouteSchema, type InfluenceMatrix, type Telemetry } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { contextFor, fakeReplicaState, params, pendingOf, placementOf, TOPO, type Task } from './__fixtures__/fakes.js';
import { bankTwinGroups, fillTwins } from './bank-twins.js';
import type { TacsState } from './tacs-state.js';
import type { TacsStepResult } from './tacs-step.js';
import { tacsStep } from './tacs-step.js';

const N_EXPERTS = 24;
const CORES = TOPO.coreCount;

/**
 * Chips with 1-4 hotspots over a 50-65 C background (a hotspot of amplitude A adds
 * A * 0.45^hops to every core), experts hosted mostly on hotspot cores, replicas on
 * cores near their host, pending tasks on hosts and replicas.
 */
interface ArbShape {
  readonly maxHotspots: number;
  /** Every expert hosted on a hotspot core (focused) or only when a coin says so (mixed). */
  readonly allOnHotspots: boolean;
  readonly maxReplicas: number;
}

const makeCaseArb = (shape: ArbShape) =>
  fc
    .record({
      background: fc.array(fc.double({ min: 50, max: 65, noNaN: true }), { minLength: CORES, maxLength: CORES }),
      hotspots: fc.array(
        fc.record({ core: fc.integer({ min: 0, max: CORES - 1 }), amp: fc.double({ min: 10, max: 38, noNaN: true }) }),
        {
          minLength: 1,
          maxLength: shape.maxHotspots,
        },
      ),
      prevDelta: fc.option(fc.double({ min: -6, max: 6, noNaN: true }), { nil: undefined }),
      streak: fc.integer({ min: 0, max: 3 }),
      util: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: CORES, maxLength: CORES }),
      bankOffsets: fc.option(fc.array(fc.double({ min: -5, max: 12, noNaN: true }), { minLength: 8, maxLength: 8 }), {
        nil: undefined,
      }),
      nocLoad: fc.double({ min: 0, max: 1, noNaN: true }),
      hostPick: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: CORES - 1 })), {
        minLength: N_EXPERTS,
        maxLength: N_EXPERTS,
      }),
      replicas: fc.array(fc.tuple(fc.integer({ min: 0, max: N_EXPERTS - 1 }), fc.integer({ min: 0, max: 11 })), {
        maxLength: shape.maxReplicas,
      }),
      pinned: fc.array(fc.boolean(), { minLength: shape.maxReplicas, maxLength: shape.maxReplicas }),
      cooling: fc.array(fc.tuple(fc.integer({ min: 0, max: N_EXPERTS - 1 }), fc.integer({ min: 0, max: CORES - 1 })), {
        maxLength: 30,
      }),
      inFlight: fc.integer({ min: 0, max: 5 }),
      tasks: fc.array(
        fc.record({
          mb: fc.integer({ min: 0, max: 7 }),
          expert: fc.integer({ min: 0, max: N_EXPERTS - 1 }),
          onReplica: fc.boolean(),
          flops: fc.double({ min: 1e8, max: 1.5e10, noNaN: true }),
        }),
        { maxLength: 120 },
      ),
      Thot: fc.double({ min: 70, max: 88, noNaN: true }),
      band: fc.double({ min: 2, max: 15, noNaN: true }),
      lambda: fc.double({ min: 0, max: 1.5, noNaN: true }),
      mu: fc.double({ min: 0, max: 3, noNaN: true }),
      eta: fc.double({ min: 0, max: 2, noNaN: true }),
      gamma: fc.double({ min: 0, max: 1, noNaN: true }),
      topK: fc.integer({ min: 1, max: 6 }),
      radius: fc.integer({ min: 1, max: 3 }),
      maxMigrations: fc.integer({ min: 0, max: 6 }),
      alpha: fc.double({ min: 0.4, max: 0.6, noNaN: true }),
      influence: fc.option(
        fc.record({
          rSelf: fc.double({ min: 1, max: 5, noNaN: true }),
          coupling: fc.double({ min: 0, max: 0.5, noNaN: true }),
          edgeRelief: fc.double({ min: 0, max: 0.5, noNaN: true }),
        }),
        { nil: undefined },
      ),
    })
    .map((c) => {
      const temps = c.background.map((bg, core) => {
        let t = bg;
        for (const h of c.hotspots) t += h.amp * 0.45 ** TOPO.hops(core, h.core);
        return t;
      });
      const prevTemps = c.prevDelta === undefined ? undefined : temps.map((t) => t + (c.prevDelta ?? 0));
      const hosts = c.hostPick.map(([onHotspot, r]) =>
        onHotspot || shape.allOnHotspots ? (c.hotspots[r % c.hotspots.length]?.core ?? 0) : r,
      );
      const replicaMap: Record<number, number[]> = {};
      const pinned: string[] = [];
      c.replicas.forEach(([e, pick], i) => {
        const near = TOPO.neighbours(hosts[e] ?? 0, 2);
        const core = near[pick % near.length] ?? 0;
        if (replicaMap[e]?.includes(core)) return;
        (replicaMap[e] ??= []).push(core);
        if (c.pinned[i] === true) pinned.push(`${e}:${core}`);
      });
      const hostsOf: Record<number, number> = {};
      hosts.forEach((h, e) => (hostsOf[e] = h));
      const tasks: Task[] = c.tasks.map((t) => {
        const reps = replicaMap[t.expert] ?? [];
        const core = t.onReplica && reps.length > 0 ? (reps[t.mb % reps.length] ?? 0) : (hosts[t.expert] ?? 0);
        return { mb: t.mb, expert: t.expert, core, flops: t.flops };
      });
      const bankTemps =
        c.bankOffsets === undefined
          ? []
          : Array.from(
              { length: TOPO.bankCount },
              (_, b) => (temps[TOPO.bankOwnerCore(b)] ?? 60) + (c.bankOffsets?.[b % 8] ?? 0),
            );
      const telemetry: Telemetry = {
        temps_core: temps,
        temps_bank: bankTemps,
        util_core: c.util,
        noc_load: c.nocLoad,
        ts_ns: 0,
      };
      let influence: InfluenceMatrix | undefined;
      if (c.influence !== undefined) {
        const { rSelf, coupling, edgeRelief } = c.influence;
        const data = new Float64Array(CORES * CORES);
        const edge = (x: number) =>
          TOPO.coreX(x) === 0 || TOPO.coreY(x) === 0 || TOPO.coreX(x) === 7 || TOPO.coreY(x) === 7;
        for (let a = 0; a < CORES; a++) {
          for (let b = 0; b < CORES; b++) {
            const base = rSelf * coupling ** TOPO.hops(a, b);
            data[a * CORES + b] = a === b && edge(a) ? base * (1 - edgeRelief) : base;
          }
        }
        influence = { coreCount: CORES, data, ambientC: 45 };
      }
      return {
        c: { ...c, temps, prevTemps, hosts },
        telemetry,
        placement: placementOf(hostsOf),
        replicaMap,
        pinned,
        cooling: c.cooling.map(([e, core]) => `${e}:${core}`),
        tasks,
        influence,
      };
    });

/** Anything: up to 4 hotspots, experts anywhere, a few replicas. */
const mixedArb = makeCaseArb({ maxHotspots: 4, allOnHotspots: false, maxReplicas: 16 });
/** One or two hotspots carrying every expert, many replicas around them: long greedy sequences per source. */
const focusedArb = makeCaseArb({ maxHotspots: 2, allOnHotspots: true, maxReplicas: 48 });
const caseArb = fc.oneof(mixedArb, focusedArb);

type Case = typeof mixedArb extends fc.Arbitrary<infer T> ? T : never;

function run(k: Case, over: { Thot?: number; mu?: number; typedBanks?: boolean } = {}): TacsStepResult {
  const { c } = k;
  const Thot = over.Thot ?? c.Thot;
  const p = params({
    thresholds: { Thot, Temg: c.Thot + c.band },
    cost: { lambda_hops: c.lambda, mu_noc: over.mu ?? c.mu, eta_temp: c.eta },
    gamma: c.gamma,
    top_k_sources: c.topK,
    hop_radius: c.radius,
    max_parallel_migrations: c.maxMigrations,
    ema_alpha: c.alpha,
  });
  const prev =
    c.prevTemps === undefined
      ? undefined
      : {
          windows: 3,
          lastTsNs: 0,
          emaCore: Float64Array.from(c.prevTemps),
          emaBank: new Float64Array(0),
          hotStreak: new Int32Array(CORES).fill(c.streak),
          replicaExperts: Int32Array.from(Object.keys(k.replicaMap).map(Number)),
        };
  const replicas = fakeReplicaState({
    replicas: k.replicaMap,
    pinned: k.pinned,
    cooling: k.cooling,
    inFlight: c.inFlight,
  });
  const typed = over.typedBanks === true && k.telemetry.temps_bank.length > 0;
  return tacsStep(
    typed ? { ...k.telemetry, temps_bank: [] } : k.telemetry,
    k.placement,
    replicas,
    p,
    pendingOf(k.tasks),
    contextFor(k.placement, {
      ...(prev === undefined ? {} : { prev }),
      ...(k.influence === undefined ? {} : { influence: k.influence }),
      ...(typed ? { bankTempsC: Float64Array.from(k.telemetry.temps_bank) } : {}),
    }),
  );
}

const actions = (r: TacsStepResult) => r.reroute.length + r.migrate.length;

/** Predicted NoC load (link-windows) added by the accepted actions. */
function addedNoc(r: TacsStepResult): number {
  let sum = 0;
  for (const d of r.decisions) {
    if (!d.accepted) continue;
    if ((d.kind === 'reroute' || d.kind === 'replica') && d.terms !== undefined) sum += d.terms.nocHat;
    if (d.kind === 'weight') sum += d.values?.nocHat ?? 0;
  }
  return sum;
}

describe('tacsStep properties', () => {
  it('raising Thot never increases the number of actions', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), (k, f) => {
        const higher = k.c.Thot + f * (k.c.band - 1e-6);
        expect(actions(run(k, { Thot: higher }))).toBeLessThanOrEqual(actions(run(k)));
      }),
      { numRuns: 300 },
    );
  });

  it('raising mu never increases the predicted NoC load added by the chosen actions', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 20, noNaN: true }), (k, extra) => {
        expect(addedNoc(run(k, { mu: k.c.mu + extra }))).toBeLessThanOrEqual(addedNoc(run(k)) + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('every row is valid and safe: cooler sinks that host the expert or get a replica, within the constraints', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const r = run(k);
        const { c } = k;
        const alpha = c.alpha;
        const ema = c.temps.map((t, i) =>
          c.prevTemps === undefined ? t : alpha * t + (1 - alpha) * (c.prevTemps[i] ?? 0),
        );
        expect(Array.from(r.next.emaCore)).toEqual(ema.map((x) => expect.closeTo(x, 9)));
        const Temg = c.Thot + c.band;
        const retired = new Set(
          r.migrate.filter((m) => m.obj_type === 'retire').map((m) => `${m.obj_id.slice(1)}:${m.src}`),
        );
        const replicaRows = r.migrate.filter((m) => m.obj_type === 'replica');
        const created = new Set(replicaRows.map((m) => `${m.obj_id.slice(1)}:${m.dst}`));
        const weightRows = r.migrate.filter((m) => m.obj_type === 'weight');
        for (const row of r.reroute) {
          OverlayRerouteSchema.parse(row);
          const e = Number(row.expert_id?.slice(1));
          expect(ema[row.to_core] ?? Infinity).toBeLessThan(ema[row.from_core] ?? -Infinity);
          expect(Math.max(ema[row.to_core] ?? 0, c.temps[row.to_core] ?? 0)).toBeLessThan(Temg);
          expect(TOPO.hops(row.from_core, row.to_core)).toBeLessThanOrEqual(c.radius);
          const hosts =
            c.hosts[e] === row.to_core ||
            ((k.replicaMap[e] ?? []).includes(row.to_core) && !retired.has(`${e}:${row.to_core}`));
          expect(hosts || created.has(`${e}:${row.to_core}`)).toBe(true);
          expect(row.mb_ids_json.length).toBeGreaterThan(0);
          expect(row.t_apply_ns).toBe(pendingOf([]).tStartNs);
        }
        for (const row of r.migrate) OverlayMigrateSchema.parse(row);
        const free = Math.max(0, c.maxMigrations - c.inFlight);
        expect(replicaRows.length + weightRows.length).toBeLessThanOrEqual(free);
        if (c.nocLoad > 0.8) expect(replicaRows.length + weightRows.length).toBe(0);
        for (const m of replicaRows) expect(k.cooling).not.toContain(`${m.obj_id.slice(1)}:${m.dst}`);
        for (const key of retired) expect(k.pinned).not.toContain(key);
        // A reroute never leaves from a replica retired in the same step.
        for (const row of r.reroute) expect(retired.has(`${row.expert_id?.slice(1)}:${row.from_core}`)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('decides the same from bank temperatures in a typed array (bankTempsC) as from telemetry.temps_bank', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        expect(run(k, { typedBanks: true })).toEqual(run(k));
      }),
      { numRuns: 200 },
    );
  });

  it('decides the same, window after window, when told which banks are twins (bankTwins) as when not', () => {
    // twins as on a thermal grid of 2x2 banks per cell: the lowest bank of each 2x2 block
    const twinOf = Int32Array.from({ length: TOPO.bankCount }, (_, b) => {
      const { x, y, layer } = TOPO.bankCoord(b);
      return TOPO.bankIndex({ x: x - (x % 2), y: y - (y % 2), layer });
    });
    const groups = bankTwinGroups(twinOf);
    expect(groups.heads.length).toBe(TOPO.bankCount / 4);
    const p = params({ thresholds: { Thot: 70, Temg: 76 }, max_parallel_migrations: 6 });
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (k, drift) => {
          if (k.telemetry.temps_bank.length === 0) return;
          const replicas = fakeReplicaState({ replicas: k.replicaMap, pinned: k.pinned, cooling: k.cooling });
          const steps = (twins: boolean) => {
            let prev: TacsState | undefined;
            return drift.map((d) => {
              const banks = Float64Array.from(twinOf, (h) => (k.telemetry.temps_bank[h] ?? 0) + d);
              const r = tacsStep({ ...k.telemetry, temps_bank: [] }, k.placement, replicas, p, pendingOf(k.tasks), {
                ...contextFor(k.placement, { bankTempsC: banks, ...(prev === undefined ? {} : { prev }) }),
                reusePrev: true,
                ...(twins ? { bankTwins: groups } : {}),
              });
              prev = r.next;
              const ema = Float64Array.from(r.next.emaBank);
              if (twins) fillTwins(ema, groups);
              return { reroute: r.reroute, migrate: r.migrate, decisions: r.decisions, ema };
            });
          };
          expect(steps(true)).toEqual(steps(false));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        expect(run(k)).toEqual(run(k));
      }),
      { numRuns: 100 },
    );
  });
});
