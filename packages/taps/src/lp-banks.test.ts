/**
 * What was measured for javascript-lp-solver: on the per-vault bank LP (a
 * transportation problem) it returns integral answers equal to the brute-force
 * optimum. This is the only formulation TAPS gives it.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTopology } from '@tasmoe/schemas';
import { smallArch, smallWorkload, tapsParams } from './__fixtures__/configs.js';
import { influenceDouble } from './__fixtures__/influence-double.js';
import type { ShardList } from './banks.js';
import { buildPlacement } from './build-placement.js';
import { readVaultAnswer, vaultLpModel } from './lp-banks.js';
import { shardBanksOf } from './placement-record.js';

const require = createRequire(import.meta.url);
const lpSolver = require('javascript-lp-solver') as { Solve(model: unknown): Record<string, unknown> };

function bruteForce(rates: number[], free: number[], order: number[]): number {
  let best = Infinity;
  const dies = free.length;
  const total = dies ** rates.length;
  for (let code = 0; code < total; code++) {
    const used = new Array<number>(dies).fill(0);
    let r = code;
    let cost = 0;
    let ok = true;
    for (const rate of rates) {
      const d = r % dies;
      r = Math.floor(r / dies);
      used[d] = (used[d] as number) + 1;
      if ((used[d] as number) > (free[d] as number)) ok = false;
      cost += rate * order.indexOf(d);
    }
    if (ok) best = Math.min(best, cost);
  }
  return best;
}

describe('javascript-lp-solver on the vault bank LP', () => {
  it('returns the integral brute-force optimum on random vaults', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 3 }),
        fc.boolean(),
        (rates, free, reversed) => {
          const dies = free.length;
          if (free.reduce((a, b) => a + b, 0) < rates.length) free[0] = rates.length;
          const layerOrder = Array.from({ length: dies }, (_, i) => (reversed ? dies - 1 - i : i));
          const list: ShardList = {
            expert: Int32Array.from(rates, (_, i) => i),
            shard: new Int32Array(rates.length),
            home: new Int32Array(rates.length),
            bytesPerS: Float64Array.from(rates),
          };
          const limits = { shardsPerBank: 1, bankBytesPerS: Infinity, shardBytes: 1, layerOrder };
          const lp = vaultLpModel(
            rates.map((_, i) => i),
            list,
            limits,
            free,
          );
          const read = readVaultAnswer(lp, lpSolver.Solve(lp.model));
          expect('die' in read).toBe(true);
          if (!('die' in read)) return;
          let cost = 0;
          read.die.forEach((d, s) => (cost += (rates[s] as number) * layerOrder.indexOf(d)));
          const opt = bruteForce(rates, free, layerOrder);
          expect(Math.abs(cost - opt)).toBeLessThanOrEqual(1e-6 * Math.max(1, opt));
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('answers that are fractional, incomplete or infeasible are rejected', () => {
    const list: ShardList = {
      expert: Int32Array.from([0, 1]),
      shard: new Int32Array(2),
      home: new Int32Array(2),
      bytesPerS: Float64Array.from([2, 1]),
    };
    const lp = vaultLpModel(
      [0, 1],
      list,
      { shardsPerBank: 1, bankBytesPerS: Infinity, shardBytes: 1, layerOrder: [0, 1] },
      [1, 1],
    );
    expect(readVaultAnswer(lp, { feasible: false })).toEqual({ error: 'reported infeasible' });
    expect(readVaultAnswer(lp, { feasible: true, z0_0: 0.5, z0_1: 0.5, z1_1: 1 })).toMatchObject({
      error: expect.stringMatching(/fractional/),
    });
    expect(readVaultAnswer(lp, { feasible: true, z0_0: 1 })).toMatchObject({
      error: expect.stringMatching(/not assigned/),
    });
  });

  it('end to end (solver: lp-solver): same cost as the greedy, valid banks, in a worker', async () => {
    const arch = smallArch({ cols: 2, rows: 2, dramLayers: 3 });
    const w = smallWorkload({ layers: 3, epl: 6, shards: 2, shardMb: 16 });
    const taps = tapsParams({ solver: 'lp-solver' });
    const r = await buildPlacement(arch, w, taps, influenceDouble(2, 2));
    expect(r.fallbackReason).toBeUndefined();
    expect(r.method).toBe('heuristic+lp-solver-banks');
    expect(r.solverLog.some((l) => /lp-solver banks: 4 vaults/.test(l))).toBe(true);
    const g = await buildPlacement(arch, w, tapsParams(), influenceDouble(2, 2));
    const topo = buildTopology(arch);
    expect(shardBanksOf(r.placement, topo, r.problem.expertCount, 2).length).toBe(r.problem.expertCount * 2);
    expect(JSON.stringify(r.placement.experts)).toBe(JSON.stringify(g.placement.experts));
  });

  it('keeps to the positions the read-burst model keeps (die corners left out)', async () => {
    const arch = smallArch({ cols: 2, rows: 2, dramLayers: 3 });
    const w = smallWorkload({ layers: 3, epl: 6, shards: 2, shardMb: 16 });
    const burstKPerW = new Float64Array(16).fill(1);
    for (const q of [0, 3, 12, 15]) burstKPerW[q] = 4; // the die's corners
    const bankBurst = { banksX: 4, banksY: 4, durationS: 1e-3, burstKPerW, steadyKPerW: new Float64Array(16).fill(10) };
    const topo = buildTopology(arch);
    for (const solver of ['heuristic', 'lp-solver'] as const) {
      const r = await buildPlacement(arch, w, tapsParams({ solver }), influenceDouble(2, 2), { bankBurst });
      expect(r.fallbackReason).toBeUndefined();
      expect(r.burst?.narrowedVaults).toBe(4);
      const banks = shardBanksOf(r.placement, topo, r.problem.expertCount, 2);
      expect([...banks].filter((b) => [0, 3, 12, 15].includes(b % 16))).toEqual([]);
    }
  });
});
