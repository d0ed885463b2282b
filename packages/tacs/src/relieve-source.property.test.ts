/**
 * A group that can get no replica looks only at the expert's hosts among the sinks and counts the
 * other cooler sinks as blocked (relieve-source.ts). That must judge it as looking at every sink
 * does: with free slots but every replica refused by the undo cooldown, every sink is looked at,
 * and the same sinks are then counted as in the cooldown, with the same actions and decisions.
 */
import fc from 'fast-check';
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
import type { TacsDecision } from './decision.js';
import { tacsStep } from './tacs-step.js';

const EXPERTS = 16;
const CORES = TOPO.coreCount;

const caseArb = fc.record({
  background: fc.array(fc.double({ min: 55, max: 78, noNaN: true }), { minLength: CORES, maxLength: CORES }),
  hotspots: fc.array(
    fc.record({ core: fc.integer({ min: 0, max: CORES - 1 }), amp: fc.double({ min: 4, max: 36, noNaN: true }) }),
    { minLength: 1, maxLength: 4 },
  ),
  // some sinks busy for the whole window (no room: skipped even when hosting)
  util: fc.array(fc.constantFrom(0.3, 0.6, 1), { minLength: CORES, maxLength: CORES }),
  // per expert: mostly a hotspot (index), else any core, and maybe a second placement core near it
  hosts: fc.array(fc.tuple(fc.nat(), fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined })), {
    minLength: EXPERTS,
    maxLength: EXPERTS,
  }),
  replicas: fc.array(fc.tuple(fc.integer({ min: 0, max: EXPERTS - 1 }), fc.integer({ min: 0, max: 11 })), {
    maxLength: 64,
  }),
  tasks: fc.array(
    fc.record({
      mb: fc.integer({ min: 0, max: 5 }),
      expert: fc.integer({ min: 0, max: EXPERTS - 1 }),
      flops: fc.double({ min: 1e8, max: 1e10, noNaN: true }),
    }),
    { minLength: 10, maxLength: 80 },
  ),
  radius: fc.integer({ min: 1, max: 3 }),
  gamma: fc.double({ min: 0, max: 1, noNaN: true }),
  eta: fc.double({ min: 0, max: 2, noNaN: true }),
  mu: fc.double({ min: 0, max: 2, noNaN: true }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function run(k: Case, slots: number): ReturnType<typeof tacsStep> {
  return step(k, slots, temperatures(k));
}

function temperatures(k: Case): number[] {
  return k.background.map((bg, c) => {
    let t = bg;
    for (const h of k.hotspots) t += h.amp * 0.45 ** TOPO.hops(c, h.core);
    return t;
  });
}

function step(k: Case, slots: number, temps: readonly number[]): ReturnType<typeof tacsStep> {
  const hostsOf: Record<number, number[]> = {};
  k.hosts.forEach(([pick, second], e) => {
    const first = pick % 4 !== 0 ? (k.hotspots[pick % k.hotspots.length]?.core ?? 0) : pick % CORES;
    const near = TOPO.neighbours(first, 2);
    const cores = [first];
    if (second !== undefined && near.length > 0) cores.push(near[second % near.length] ?? first);
    hostsOf[e] = [...new Set(cores)];
  });
  const replicaMap: Record<number, number[]> = {};
  for (const [e, pick] of k.replicas) {
    const near = TOPO.neighbours(hostsOf[e]?.[0] ?? 0, 2);
    const core = near[pick % near.length] ?? 0;
    if (!(replicaMap[e] ??= []).includes(core)) replicaMap[e]?.push(core);
  }
  const tasks: Task[] = k.tasks.map((t) => ({ ...t, core: hostsOf[t.expert]?.[0] ?? 0 }));
  const cooling: string[] = [];
  for (let e = 0; e < EXPERTS; e++) for (let c = 0; c < CORES; c++) cooling.push(`${e}:${c}`);
  const placement = placementOf(hostsOf);
  return tacsStep(
    telemetryOf(temps, { util_core: k.util }),
    placement,
    fakeReplicaState({ replicas: replicaMap, cooling }),
    params({
      max_parallel_migrations: slots,
      top_k_sources: 4,
      hop_radius: k.radius,
      gamma: k.gamma,
      cost: { lambda_hops: 0.2, mu_noc: k.mu, eta_temp: k.eta },
    }),
    pendingOf(tasks),
    contextFor(placement, { prev: hotFor(3, temps) }),
  );
}

/**
 * Core 27 at 86 C hosts expert 0 (also placed on 28, at 60 C) and expert 1 (27 only); 26 is at
 * 85.5 C, the rest at 60 C. Moving expert 0's work to 28 cools 27 below 26, so expert 1's group
 * then finds 26 no longer cooler (the count of cooler sinks kept between groups must be renewed).
 */
const NEAR_TIE: Case = {
  background: Array.from({ length: CORES }, (_, c) => (c === 27 ? 86 : c === 26 ? 85.5 : 60)),
  hotspots: [{ core: 27, amp: 0 }],
  util: Array.from({ length: CORES }, () => 0.3),
  // expert 0 on 27 and neighbours(27, 2)[2] = 28, the others on 27
  hosts: Array.from({ length: EXPERTS }, (_, e): [number, number | undefined] => [1, e === 0 ? 2 : undefined]),
  replicas: [],
  tasks: [...Array.from({ length: 8 }, (_, mb) => ({ mb, expert: 0, flops: 2.5e9 })), { mb: 0, expert: 1, flops: 2e9 }],
  radius: 1,
  gamma: 0,
  eta: 1.5,
  mu: 0,
};

/** The decision as the cooldown run would have made it without a free slot. */
function asWithoutSlots(d: TacsDecision): TacsDecision {
  if (d.kind === 'source') return { ...d, values: { ...d.values, replica_slots: 0 } };
  if (d.kind !== 'skip') return d;
  return {
    ...d,
    reason: d.reason.replace(
      /(\d+) sink\(s\) in the undo cooldown/,
      '$1 non-host sink(s) need a replica: no free migration slot for this source',
    ),
  };
}

describe('relieveSource without a possible replica', () => {
  it('decides as when every sink is looked at (blocked sinks counted as the cooldown counts them)', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const looked = run(k, 8);
        const hostsOnly = run(k, 0);
        expect(hostsOnly.reroute).toEqual(looked.reroute);
        expect(hostsOnly.migrate).toEqual(looked.migrate);
        expect(hostsOnly.decisions).toEqual(looked.decisions.map(asWithoutSlots));
      }),
      { numRuns: 300 },
    );
  });

  it('renews the count of cooler sinks after an action moved temperatures', () => {
    const hostsOnly = run(NEAR_TIE, 0);
    expect(hostsOnly.reroute.map((r) => [r.expert_id, r.to_core])).toEqual([['E0', 28]]);
    const skip = hostsOnly.decisions.find((d) => d.kind === 'skip' && d.expert === 1);
    expect(skip?.reason).toBe(
      '1 sink(s) no longer cooler; 3 non-host sink(s) need a replica: no free migration slot for this source',
    );
    expect(hostsOnly.decisions).toEqual(run(NEAR_TIE, 8).decisions.map(asWithoutSlots));
  });
});
