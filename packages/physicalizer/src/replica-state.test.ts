import { ReplicaStateSchema } from '@tasmoe/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhysicalizerError } from './errors.js';
import { ReplicaState } from './replica-state.js';

const RULES = { minResidencyNs: 15_000_000, undoCooldownNs: 30_000_000 };

function codeOf(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof PhysicalizerError) return e.code;
    throw e;
  }
}

describe('ReplicaState invariants (seed test_replica_state_invariants)', () => {
  it('no retirement before min_residency_ms', () => {
    const s = new ReplicaState(RULES);
    s.create(3, 37, 1_000_000);
    expect(s.replicaCores(3)).toEqual([37]);
    expect(s.canRetire(3, 37, 15_999_999)).toBe(false);
    expect(codeOf(() => s.retire(3, 37, 15_999_999))).toBe('REPLICA_MIN_RESIDENCY');
    expect(s.replicaCores(3)).toEqual([37]);
    expect(s.canRetire(3, 37, 16_000_000)).toBe(true);
    s.retire(3, 37, 16_000_000);
    expect(s.replicaCores(3)).toEqual([]);
  });

  it('no re-creation on the same core within undo_cooldown_ms after retirement; other cores are free', () => {
    const s = new ReplicaState(RULES);
    s.create(3, 37, 0);
    s.retire(3, 37, 20_000_000);
    expect(s.canCreate(3, 37, 49_999_999)).toBe(false);
    expect(codeOf(() => s.create(3, 37, 49_999_999))).toBe('REPLICA_COOLDOWN');
    expect(s.canCreate(3, 5, 20_000_000)).toBe(true);
    expect(s.canCreate(3, 37, 50_000_000)).toBe(true);
    s.create(3, 37, 50_000_000);
    expect(s.replicaCores(3)).toEqual([37]);
  });

  it('no duplicate replica, none on a placement core, nothing to retire where none lives', () => {
    const s = new ReplicaState({ ...RULES, placementCores: (e) => (e === 3 ? [5] : []) });
    expect(codeOf(() => s.create(3, 5, 0))).toBe('REPLICA_EXISTS');
    s.create(3, 6, 0);
    expect(codeOf(() => s.create(3, 6, 1))).toBe('REPLICA_EXISTS');
    expect(codeOf(() => s.retire(3, 7, 99_000_000))).toBe('REPLICA_UNKNOWN');
    expect(codeOf(() => s.retire(4, 6, 99_000_000))).toBe('REPLICA_UNKNOWN');
  });

  it('a replica is usable from the end of its copy to its retirement; copies count as in flight', () => {
    const s = new ReplicaState(RULES);
    s.create(1, 2, 100);
    expect(s.inFlight(100)).toBe(1);
    expect(s.isUsable(1, 2, 100)).toBe(false);
    s.setReady(1, 2, 5_000.5);
    expect(s.isUsable(1, 2, 5_000)).toBe(false);
    expect(s.isUsable(1, 2, 5_001)).toBe(true);
    expect(s.inFlight(5_001)).toBe(0);
    s.noteTransfer(6_000, 9_000, 0, 0);
    expect(s.inFlight(7_000)).toBe(1);
    s.retire(1, 2, 20_000_000);
    expect(s.isUsable(1, 2, 19_999_999)).toBe(true);
    expect(s.isUsable(1, 2, 20_000_000)).toBe(false);
    s.prune(20_000_000);
    expect(s.recordsOf(1)).toBeUndefined();
    expect(s.inFlight(7_000)).toBe(0);
  });

  it("a weight move's shard is in flight until its copy lands, and a clone knows it", () => {
    const s = new ReplicaState(RULES);
    expect(s.weightInFlight(7, 2, 0)).toBe(false);
    s.noteTransfer(1_000, 40_000_000, 7, 2);
    expect(s.weightInFlight(7, 2, 39_999_999)).toBe(true);
    expect(s.weightInFlight(7, 3, 2_000)).toBe(false);
    expect(s.weightInFlight(6, 2, 2_000)).toBe(false);
    expect(s.clone().weightInFlight(7, 2, 2_000)).toBe(true);
    expect(s.weightInFlight(7, 2, 40_000_000)).toBe(false);
    s.prune(40_000_000);
    expect(s.inFlight(2_000)).toBe(0);
  });

  it('property: random create/retire sequences never retire early nor re-create inside the cooldown', () => {
    const op = fc.record({
      retire: fc.boolean(),
      expert: fc.integer({ min: 0, max: 2 }),
      core: fc.integer({ min: 0, max: 2 }),
      dt: fc.integer({ min: 0, max: 20_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new ReplicaState(RULES);
        const created = new Map<string, number>();
        const retired = new Map<string, number>();
        let t = 0;
        for (const o of ops) {
          t += o.dt;
          const key = `${o.expert}@${o.core}`;
          if (o.retire) {
            const allowed = s.canRetire(o.expert, o.core, t);
            const code = codeOf(() => s.retire(o.expert, o.core, t));
            expect(code === undefined).toBe(allowed);
            if (code === undefined) {
              const c = created.get(key);
              expect(c).toBeDefined();
              expect(t - (c ?? 0)).toBeGreaterThanOrEqual(RULES.minResidencyNs);
              created.delete(key);
              retired.set(key, t);
            } else expect(['REPLICA_MIN_RESIDENCY', 'REPLICA_UNKNOWN']).toContain(code);
          } else {
            const allowed = s.canCreate(o.expert, o.core, t);
            const code = codeOf(() => s.create(o.expert, o.core, t));
            expect(code === undefined).toBe(allowed);
            if (code === undefined) {
              expect(created.has(key)).toBe(false);
              const r = retired.get(key);
              if (r !== undefined) expect(t - r).toBeGreaterThanOrEqual(RULES.undoCooldownNs);
              created.set(key, t);
            } else expect(['REPLICA_COOLDOWN', 'REPLICA_EXISTS']).toContain(code);
          }
          for (let e = 0; e < 3; e++) {
            expect(s.replicaCores(e)).toEqual(
              [...created.keys()]
                .filter((k) => k.startsWith(`${e}@`))
                .map((k) => Number(k.split('@')[1]))
                .sort((a, b) => a - b),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('replica_state.json round-trips exactly, including the rules it needs to resume', () => {
    const s = new ReplicaState(RULES);
    s.create(3, 37, 1_000_000);
    s.setReady(3, 37, 3_400_000);
    s.create(3, 5, 2_000_000);
    s.create(9, 1, 0);
    s.retire(9, 1, 16_000_000);
    const json = s.toJSON();
    expect(ReplicaStateSchema.parse(json)).toEqual(json);
    expect(json.E3?.cores).toEqual([5, 37]);
    expect(json.E3?.ts_created_ns).toBe(1_000_000);
    const back = ReplicaState.fromJSON(JSON.parse(JSON.stringify(json)), RULES);
    expect(back.toJSON()).toEqual(json);
    expect(back.canCreate(9, 1, 45_999_999)).toBe(false);
    expect(back.canRetire(3, 37, 15_999_999)).toBe(false);
    expect(back.isUsable(3, 37, 3_400_000)).toBe(true);
    expect(back.isUsable(3, 5, 3_400_000)).toBe(false);
  });

  it('reads the seed form of replica_state.json and refuses a malformed one', () => {
    const s = ReplicaState.fromJSON({ E3: { cores: [5, 37], ts_created_ns: 1000000 } }, RULES);
    expect(s.replicaCores(3)).toEqual([5, 37]);
    expect(s.isUsable(3, 5, 1_000_000)).toBe(true);
    expect(() => ReplicaState.fromJSON({ X3: { cores: [5], ts_created_ns: 0 } }, RULES)).toThrow(
      expect.objectContaining({ code: 'REPLICA_STATE_INVALID' }),
    );
  });
});
