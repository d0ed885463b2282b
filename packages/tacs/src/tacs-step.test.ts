import { OverlayMigrateSchema, OverlayRerouteSchema } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import {
  contextFor,
  fakeReplicaState,
  hotFor,
  params,
  pendingOf,
  placementOf,
  telemetryOf,
  TOPO,
  type Task,
} from './__fixtures__/fakes.js';
import { formatDecision, type TacsDecision } from './decision.js';
import { TacsError } from './errors.js';
import { tacsStep } from './tacs-step.js';

const HOT = 27; // (3,3), interior
const COOL = 60;

/** Every core at 60 C except the given ones. */
function temps(over: Readonly<Record<number, number>>): number[] {
  return Array.from({ length: TOPO.coreCount }, (_, c) => over[c] ?? COOL);
}

/** Two experts on the hot core, 4 micro-batches each, 2.5e9 FLOPs per task (0.25 W over a 3 ms window). */
function hotTasks(experts: readonly number[], core = HOT): Task[] {
  const out: Task[] = [];
  for (const expert of experts) for (let mb = 0; mb < 4; mb++) out.push({ mb, expert, core, flops: 2.5e9 });
  return out;
}

describe('tacsStep: reusePrev', () => {
  it('updating the previous state in place gives the same overlays, decisions and state as fresh buffers', () => {
    const placement = placementOf({ 1: HOT });
    const banks = (k: number) => Array.from({ length: TOPO.bankCount }, (_, b) => 60 + ((b * 7 + k * 13) % 31));
    const seq = [70, 83, 88, 91, 86, 79].map((t, k) =>
      telemetryOf(temps({ [HOT]: t, 28: 64 + k }), { temps_bank: banks(k) }),
    );
    const run = (reusePrev: boolean) => {
      let prev: ReturnType<typeof tacsStep>['next'] | undefined;
      const out: unknown[] = [];
      for (const tele of seq) {
        const res = tacsStep(
          tele,
          placement,
          fakeReplicaState({ replicas: { 1: [28] } }),
          params(),
          pendingOf(hotTasks([1])),
          contextFor(placement, { ...(prev ? { prev } : {}), reusePrev }),
        );
        out.push({
          reroute: res.reroute,
          migrate: res.migrate,
          decisions: res.decisions.map((d) => formatDecision(d)),
          ema: Array.from(res.next.emaBank),
          core: Array.from(res.next.emaCore),
        });
        if (reusePrev && prev !== undefined) expect(res.next.emaBank).toBe(prev.emaBank); // really in place
        prev = res.next;
      }
      return out;
    };
    const fresh = run(false);
    expect(run(true)).toEqual(fresh);
    expect((fresh as { reroute: unknown[] }[]).some((r) => r.reroute.length > 0)).toBe(true);
  });
});

describe('tacsStep: basic behaviour', () => {
  it('gives no overlay and no action decisions on a cold chip', () => {
    const placement = placementOf({ 1: HOT });
    const res = tacsStep(
      telemetryOf(temps({ [HOT]: 79.9 })),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      params(),
      pendingOf(hotTasks([0, 1])),
      contextFor(placement),
    );
    expect(res.reroute).toEqual([]);
    expect(res.migrate).toEqual([]);
    expect(res.decisions).toEqual([]);
    expect(res.next.windows).toBe(1);
  });

  it("moves a hot core's work to a cooler neighbour that hosts the expert", () => {
    const placement = placementOf({ 1: HOT });
    const t = temps({ [HOT]: 86, 28: 65 });
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      params(),
      pendingOf(hotTasks([1])),
      contextFor(placement),
    );
    expect(res.reroute).toHaveLength(1);
    const row = res.reroute[0];
    expect(row).toMatchObject({ from_core: HOT, to_core: 28, expert_id: 'E1', scope: 'expert', reason: 'hot_core' });
    expect(row?.mb_ids_json).toEqual([0, 1, 2, 3]);
    expect(row?.t_apply_ns).toBe(pendingOf([]).tStartNs);
    expect(() => OverlayRerouteSchema.parse(row)).not.toThrow();
    expect(res.migrate).toEqual([]);
    const d = res.decisions.find((x) => x.kind === 'reroute');
    expect(d?.accepted).toBe(true);
    expect(d?.terms?.gainK).toBeGreaterThan(d?.terms?.costK ?? Infinity);
  });

  it('never moves work to a core that is not cooler, even if it hosts the expert', () => {
    const placement = placementOf({ 1: HOT });
    const t = temps({ [HOT]: 86, 28: 87 });
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      params(),
      pendingOf(hotTasks([1])),
      contextFor(placement),
    );
    expect(res.reroute).toEqual([]);
    expect(res.decisions.some((d) => d.kind === 'skip' && d.expert === 1)).toBe(true);
  });

  it('does not reroute to a non-host without a replica: before the source is persistently hot it only skips', () => {
    const placement = placementOf({ 0: HOT });
    const t = temps({ [HOT]: 86 });
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState(),
      params(),
      pendingOf(hotTasks([0])),
      contextFor(placement),
    );
    expect(res.reroute).toEqual([]);
    expect(res.migrate).toEqual([]);
    const skip = res.decisions.find((d) => d.kind === 'skip');
    expect(skip?.reason).toMatch(/replicas after 2/);
  });

  it('creates a replica on the sink together with the reroute once the source has been hot long enough', () => {
    const placement = placementOf({ 0: HOT });
    const t = temps({ [HOT]: 86 });
    // Fully loaded source (q = 0.95 > q_target): the load term of the pressure adds to the gain.
    const res = tacsStep(
      telemetryOf(t, { util_core: t.map((_, c) => (c === HOT ? 0.95 : 0.3)) }),
      placement,
      fakeReplicaState(),
      params(),
      pendingOf(hotTasks([0])),
      contextFor(placement, { prev: hotFor(3, t) }),
    );
    expect(res.reroute).toHaveLength(1);
    expect(res.migrate).toHaveLength(1);
    const [r] = res.reroute;
    const [m] = res.migrate;
    expect(m).toMatchObject({
      obj_type: 'replica',
      obj_id: 'E0',
      src: String(HOT),
      dst: String(r?.to_core),
      size_bytes: 64 * 2 ** 20,
    });
    expect(r?.reason).toBe('replica');
    expect(TOPO.hops(HOT, r?.to_core ?? -1)).toBeLessThanOrEqual(2);
    expect(() => OverlayMigrateSchema.parse(m)).not.toThrow();
    expect(Array.from(res.next.replicaExperts)).toEqual([0]);
  });

  it('stops once the predicted source temperature reaches Thot', () => {
    // 3 experts of 1 W each; each move cools the source by ~2 K; from 83 C it needs two moves.
    const placement = placementOf({ 1: HOT, 2: HOT, 3: HOT });
    const tasks: Task[] = [1, 2, 3].map((expert, i) => ({ mb: i, expert, core: HOT, flops: 1e10 }));
    const t = temps({ [HOT]: 83 });
    const cheap = params({ cost: { lambda_hops: 0.1, mu_noc: 2, eta_temp: 0.1 } });
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 1: [28], 2: [26], 3: [19] } }),
      cheap,
      pendingOf(tasks),
      contextFor(placement),
    );
    expect(res.reroute.map((r) => r.expert_id)).toEqual(['E1', 'E2']);
    expect(res.decisions.some((d) => d.kind === 'relieved')).toBe(true);
  });

  it("splits an expert's micro-batches so that the sink stays cooler than the source", () => {
    const placement = placementOf({ 1: HOT });
    // 8 micro-batches of 0.25 W each: moving all 2 W would leave the sink hotter than the source.
    const tasks: Task[] = Array.from({ length: 8 }, (_, mb) => ({ mb, expert: 1, core: HOT, flops: 2.5e9 }));
    const t = temps({ [HOT]: 84, 28: 80 });
    const cheap = params({ cost: { lambda_hops: 0.1, mu_noc: 2, eta_temp: 0.1 } });
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      cheap,
      pendingOf(tasks),
      contextFor(placement),
    );
    const row = res.reroute[0];
    expect(row).toBeDefined();
    const moved = row?.mb_ids_json.length ?? 0;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(8);
    const d = res.decisions.find((x) => x.kind === 'reroute');
    expect(80 + (d?.terms?.dTSinkK ?? 0)).toBeLessThanOrEqual(84 - (d?.terms?.dTSourceK ?? 0) + 1e-9);
  });

  it('uses the influence matrix when given', () => {
    const placement = placementOf({ 1: HOT });
    const n = TOPO.coreCount;
    // Core 26 couples strongly to the hot core (no relief), core 28 barely.
    const data = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) data[a * n + b] = a === b ? 3 : 0.1;
    data[HOT * n + 26] = 2.9;
    data[26 * n + HOT] = 2.9;
    const t = temps({ [HOT]: 86 });
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 1: [28, 26] } }),
      params(),
      pendingOf(hotTasks([1])),
      contextFor(placement, { influence: { coreCount: n, data, ambientC: 45 } }),
    );
    expect(res.reroute[0]?.to_core).toBe(28);
    expect(res.decisions.find((d) => d.kind === 'source')?.values?.h_from_influence).toBe(1);
    const d = res.decisions.find((x) => x.kind === 'reroute');
    // 1 W moved: source drops (3 - 0.1) K, sink rises (3 - 0.1) K.
    expect(d?.terms?.dTSourceK).toBeCloseTo(2.9 * (d?.terms?.movedPowerW ?? 0), 9);
  });

  it('rejects an action whose cost exceeds its gain and stops that source', () => {
    const placement = placementOf({ 1: HOT, 2: HOT });
    const res = tacsStep(
      telemetryOf(temps({ [HOT]: 86 })),
      placement,
      fakeReplicaState({ replicas: { 1: [28], 2: [26] } }),
      params({ cost: { lambda_hops: 100, mu_noc: 2, eta_temp: 1.5 } }),
      pendingOf(hotTasks([1, 2])),
      contextFor(placement),
    );
    expect(res.reroute).toEqual([]);
    const rejected = res.decisions.filter((d) => (d.kind === 'reroute' || d.kind === 'replica') && !d.accepted);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.terms?.lambdaTerm).toBe(100);
  });
});

describe('tacsStep: emergency', () => {
  it('moves everything it can away from a core at or above Temg, ignoring the cost', () => {
    const placement = placementOf({ 1: HOT, 2: HOT, 3: HOT });
    const tasks = hotTasks([1, 2, 3]);
    const res = tacsStep(
      telemetryOf(temps({ [HOT]: 91 })),
      placement,
      fakeReplicaState({ replicas: { 1: [28], 2: [26], 3: [35] } }),
      params({ cost: { lambda_hops: 100, mu_noc: 100, eta_temp: 100 } }),
      pendingOf(tasks),
      contextFor(placement),
    );
    expect(res.reroute.map((r) => [r.expert_id, r.to_core, r.reason])).toEqual([
      ['E1', 28, 'emergency'],
      ['E2', 26, 'emergency'],
      ['E3', 35, 'emergency'],
    ]);
  });

  it('treats a raw reading at Temg as an emergency even when the EMA is lower', () => {
    const placement = placementOf({ 1: HOT });
    const t = temps({ [HOT]: 92 });
    const prev = hotFor(1, temps({ [HOT]: 70 }));
    const res = tacsStep(
      telemetryOf(t),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      params(),
      pendingOf(hotTasks([1])),
      contextFor(placement, { prev }),
    );
    expect(res.next.emaCore[HOT]).toBeCloseTo(81, 9);
    expect(res.decisions.find((d) => d.kind === 'source')?.reason).toMatch(/emergency/);
    expect(res.reroute[0]?.reason).toBe('emergency');
  });
});

describe('tacsStep: EMA, determinism and errors', () => {
  it('smooths temperatures with ema_alpha and initialises from the first telemetry', () => {
    const placement = placementOf({ 0: 0 });
    const ctx = contextFor(placement);
    const first = tacsStep(
      telemetryOf(temps({ 5: 70 })),
      placement,
      fakeReplicaState(),
      params({ ema_alpha: 0.4 }),
      pendingOf([]),
      ctx,
    );
    expect(first.next.emaCore[5]).toBe(70);
    const second = tacsStep(
      telemetryOf(temps({ 5: 80 })),
      placement,
      fakeReplicaState(),
      params({ ema_alpha: 0.4 }),
      pendingOf([]),
      { ...ctx, prev: first.next },
    );
    expect(second.next.emaCore[5]).toBeCloseTo(0.4 * 80 + 0.6 * 70, 12);
    expect(second.next.windows).toBe(2);
  });

  it('is deterministic and does not change its inputs', () => {
    const placement = placementOf({ 0: HOT, 1: HOT, 2: HOT, 4: 36 });
    const t = temps({ [HOT]: 91, 36: 84, 28: 66 });
    const pending = pendingOf([...hotTasks([0, 1, 2]), ...hotTasks([4], 36)]);
    const prev = hotFor(4, t);
    const snapshot = JSON.stringify({ t, prev: Array.from(prev.emaCore), core: Array.from(pending.core) });
    const run = () =>
      tacsStep(
        telemetryOf(t),
        placement,
        fakeReplicaState({ replicas: { 1: [28], 2: [26, 20] } }),
        params(),
        pending,
        contextFor(placement, { prev }),
      );
    const a = run();
    const b = run();
    expect(a.reroute.length + a.migrate.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(JSON.stringify({ t, prev: Array.from(prev.emaCore), core: Array.from(pending.core) })).toBe(snapshot);
  });

  it('logs every decision through the callback, formatted with its cost terms', () => {
    const placement = placementOf({ 1: HOT });
    const seen: TacsDecision[] = [];
    const res = tacsStep(
      telemetryOf(temps({ [HOT]: 86 })),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      params(),
      pendingOf(hotTasks([1])),
      contextFor(placement, { log: (d) => seen.push(d) }),
    );
    expect(seen).toEqual(res.decisions);
    const line = formatDecision(res.decisions.find((d) => d.kind === 'reroute') as TacsDecision);
    expect(line).toMatch(
      /^tacs w5 reroute accepted core=27 sink=28 expert=E1 .*gainK=.* lambdaTerm=1 .*muTerm=.* etaTerm=.* costK=/,
    );
  });

  it('rejects telemetry that does not match the mesh with a typed error', () => {
    const placement = placementOf({ 0: 0 });
    const bad = telemetryOf([70, 70]);
    expect(() => tacsStep(bad, placement, fakeReplicaState(), params(), pendingOf([]), contextFor(placement))).toThrow(
      TacsError,
    );
    try {
      tacsStep(bad, placement, fakeReplicaState(), params(), pendingOf([]), contextFor(placement));
    } catch (e) {
      expect((e as TacsError).code).toBe('TACS_INPUT_SHAPE');
    }
  });

  it('never applies before the commit frontier', () => {
    const placement = placementOf({ 1: HOT });
    const pending = { ...pendingOf(hotTasks([1])), commitFrontierNs: pendingOf([]).tStartNs + 1000.5 };
    const res = tacsStep(
      telemetryOf(temps({ [HOT]: 86 })),
      placement,
      fakeReplicaState({ replicas: { 1: [28] } }),
      params(),
      pending,
      contextFor(placement),
    );
    expect(res.reroute[0]?.t_apply_ns).toBe(pending.tStartNs + 1001);
  });
});
