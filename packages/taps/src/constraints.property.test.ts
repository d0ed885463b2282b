/**
 * Constraints are never violated: over random small configs (mesh, layers,
 * experts, shared experts, replication, tight core capacity and bank limits),
 * buildPlacement either returns a placement that passes every check, or refuses
 * with TAPS_INFEASIBLE. And no solver answer is kept unvalidated: corrupted
 * MILP answers are always rejected.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PlacementSchema, buildTopology } from '@tasmoe/schemas';
import { smallArch, smallWorkload, tapsParams } from './__fixtures__/configs.js';
import { influenceDouble } from './__fixtures__/influence-double.js';
import { bankLimits, bankViolations, makeShardList, shardReadRates } from './banks.js';
import { buildPlacement, prepareProblem } from './build-placement.js';
import { greedyAssign } from './heuristic.js';
import { buildLayerModel, decodeLayerAnswer } from './milp-layers.js';
import { expertCoresOf, shardBanksOf } from './placement-record.js';
import { assignmentViolations } from './validate.js';
import { TapsError } from './errors.js';

const configArb = fc.record({
  cols: fc.integer({ min: 2, max: 4 }),
  rows: fc.integer({ min: 1, max: 3 }),
  dramLayers: fc.integer({ min: 1, max: 3 }),
  layers: fc.integer({ min: 1, max: 3 }),
  epl: fc.integer({ min: 2, max: 9 }),
  shared: fc.integer({ min: 0, max: 2 }),
  topkFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  replicate: fc.integer({ min: 0, max: 2 }),
  capacity: fc.constantFrom(5e12, 1e11, 3e10),
  bankBw: fc.constantFrom(25, 1, 0.05),
  bankCapacityMb: fc.constantFrom(64, 128, 256),
  shards: fc.integer({ min: 1, max: 3 }),
  concurrency: fc.constantFrom(undefined, 1e3),
});

describe('constraints (property)', () => {
  it('a placement is valid or refused as infeasible, never invalid', async () => {
    const seen = { valid: 0, infeasible: 0 };
    await fc.assert(
      fc.asyncProperty(configArb, async (c) => {
        const arch = smallArch({
          cols: c.cols,
          rows: c.rows,
          dramLayers: c.dramLayers,
          bankCapacityMb: c.bankCapacityMb,
        });
        const topk = Math.max(1, Math.round(c.topkFrac * c.epl));
        const workload = smallWorkload({ layers: c.layers, epl: c.epl, shared: c.shared, topk, shards: c.shards });
        const taps = tapsParams({ replicate: c.replicate, capacity: c.capacity, bankBw: c.bankBw });
        const h = influenceDouble(c.cols, c.rows);
        const opts = c.concurrency === undefined ? {} : { tokenRate: c.concurrency };
        let r: Awaited<ReturnType<typeof buildPlacement>>;
        try {
          r = await buildPlacement(arch, workload, taps, h, opts);
        } catch (err) {
          expect(err).toBeInstanceOf(TapsError);
          expect((err as TapsError).code).toBe('TAPS_INFEASIBLE');
          seen.infeasible++;
          return;
        }
        expect(PlacementSchema.safeParse(r.placement).success).toBe(true);
        const p = r.problem;
        // Re-derive the item assignment from the written record and check it from scratch.
        const cores = expertCoresOf(r.placement, p.expertCount, p.coreCount);
        const assign = new Int32Array(p.itemCount);
        cores.forEach((cs, e) => {
          expect(cs).toHaveLength(p.expertCopies[e] as number);
          cs.forEach((core, k) => (assign[(p.expertFirstItem[e] as number) + k] = core));
        });
        expect(assignmentViolations(p, assign)).toEqual([]);
        const topo = buildTopology(arch);
        const limits = bankLimits(arch, workload, taps);
        const rates = shardReadRates(workload, r.expertHeat, p.expertCopies, r.load.tokenRate, limits.shardBytes);
        const shards = makeShardList(
          Int32Array.from(cores, (cs) => cs[0] as number),
          workload.tensors.shards_per_expert,
          rates,
        );
        const bank = shardBanksOf(r.placement, topo, p.expertCount, workload.tensors.shards_per_expert);
        expect(bankViolations(topo, limits, shards, bank)).toEqual([]);
        seen.valid++;
      }),
      { numRuns: 60, seed: 11 },
    );
    // Both outcomes are exercised by the generator (tight capacities and bandwidths).
    expect(seen.valid).toBeGreaterThan(10);
    expect(seen.infeasible).toBeGreaterThan(3);
  });

  it('every corrupted MILP answer is rejected by validation', () => {
    const arch = smallArch({ cols: 3, rows: 2 });
    const workload = smallWorkload({ layers: 2, epl: 4, topk: 1 });
    const { problem: p } = prepareProblem(arch, workload, tapsParams({ replicate: 1 }), influenceDouble(3, 2));
    const s = greedyAssign(p);
    const lm = buildLayerModel(p, s.assign, 1);
    // The warm start itself decodes to the current assignment.
    const ok = decodeLayerAnswer(p, s.assign, lm, lm.start);
    expect('assign' in ok && Array.from(ok.assign)).toEqual(Array.from(s.assign));
    const xCount = lm.experts.length * lm.n;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: xCount - 1 }), fc.constantFrom(0, 1, 0.5, 2, NaN, -1)), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          const col = Float64Array.from(lm.start);
          for (const [k, v] of edits) col[k] = v;
          const res = decodeLayerAnswer(p, s.assign, lm, col);
          if ('assign' in res) {
            // Accepted only if it is a genuinely valid assignment.
            expect(assignmentViolations(p, res.assign)).toEqual([]);
          } else {
            expect(res.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});
