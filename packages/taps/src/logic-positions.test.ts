import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BankBurstResponse } from '@tasmoe/schemas';
import { refineForLogic, type CoreObjective, type VaultSets } from './logic-positions.js';

// Two vaults of four positions over three cores: positions 0-3 are vault 0's, 4-7 vault 1's.
const CORES = 3;
const POSITIONS = 8;

function response(k: number[][], burst: number[] = Array(POSITIONS).fill(1)): BankBurstResponse {
  return {
    banksX: POSITIONS,
    banksY: 1,
    durationS: 0.00367,
    burstKPerW: Float64Array.from(burst),
    steadyKPerW: new Float64Array(POSITIONS).fill(10),
    coreKPerW: Float64Array.from(k.flat()),
    coreCount: CORES,
  };
}

function sets(r: BankBurstResponse, meanW: number[], minKept = 1, keptMask = [0xf, 0xf]): VaultSets {
  const positions = [Int32Array.from([0, 1, 2, 3]), Int32Array.from([4, 5, 6, 7])];
  const kept = keptMask.map((m) => Uint8Array.from([0, 1, 2, 3], (i) => (m >> i) & 1));
  const w = Float64Array.from(meanW);
  return {
    positions,
    kept,
    minKept: new Int32Array(2).fill(minKept),
    meanW: w,
    peakK: (v, keep) => {
      let n = 0;
      for (const x of keep) n += x;
      let p = 0;
      const pos = positions[v] as Int32Array;
      for (let i = 0; i < 4; i++)
        if (keep[i] === 1) {
          const q = pos[i] as number;
          p = Math.max(p, (r.burstKPerW[q] as number) * 0.16 + (r.steadyKPerW[q] as number) * ((w[v] as number) / n));
        }
      return p;
    },
  };
}

// vault 0's positions 0-1 heat core 0 (2 K/W), 2-3 heat core 1; vault 1's heat core 2 (1 K/W)
const SIDES = [
  [2, 0, 0],
  [2, 0, 0],
  [0, 2, 0],
  [0, 2, 0],
  [0, 0, 1],
  [0, 0, 1],
  [0, 0, 1],
  [0, 0, 1],
];

const peakOnly: (t: Float64Array) => number = (t) => Math.max(...t);

/** T + delta from scratch: each vault's reads evenly on its kept positions against evenly on all. */
function freshTemps(s: VaultSets, r: BankBurstResponse, t0: Float64Array): Float64Array {
  const K = r.coreKPerW as Float64Array;
  const t = Float64Array.from(t0);
  s.positions.forEach((pos, v) => {
    const keep = s.kept[v] as Uint8Array;
    const k = keep.reduce((a, b) => a + b, 0);
    for (let i = 0; i < pos.length; i++)
      for (let c = 0; c < CORES; c++) {
        const row = (pos[i] as number) * CORES + c;
        t[c] =
          (t[c] as number) + (s.meanW[v] as number) * (K[row] as number) * ((keep[i] as number) / k - 1 / pos.length);
      }
  });
  return t;
}

describe('refineForLogic', () => {
  it('moves a vault off the positions that heat the hottest core when the burst limit allows it', () => {
    // core 0 is the hottest
    const r = response(SIDES);
    const s = sets(r, [0.1, 0.1]);
    const logic: CoreObjective = { tempsC: Float64Array.from([50.3, 50.0, 49.0]), value: peakOnly };
    const tau = Math.max(s.peakK(0, Uint8Array.of(0, 0, 1, 1)), s.peakK(1, Uint8Array.of(1, 1, 1, 1)));
    const out = refineForLogic(s, r.coreKPerW as Float64Array, logic, [tau, tau]);
    expect(Array.from(s.kept[0] as Uint8Array)).toEqual([0, 0, 1, 1]);
    expect(Array.from(s.kept[1] as Uint8Array)).toEqual([1, 1, 1, 1]); // far from the hot core: untouched
    // 0.1 W moved from core 0's side to core 1's: core 0 -0.1 K, core 1 +0.1 K
    expect(out.burstPlanPeakC).toBeCloseTo(50.3, 12);
    expect(out.peakC).toBeCloseTo(50.2, 12);
    expect(out.moves).toBeGreaterThan(0);
  });

  it('keeps the burst plan where the limit binds, and keeps at least the fewest positions allowed', () => {
    const r = response(SIDES);
    const s = sets(r, [0.1, 0.1], 4);
    const logic: CoreObjective = { tempsC: Float64Array.from([50.3, 50.0, 49.0]), value: peakOnly };
    const out = refineForLogic(s, r.coreKPerW as Float64Array, logic, [100, 100]);
    expect(out.moves).toBe(0);
    const tight = sets(r, [0.1, 0.1]);
    // tau at the even spread's own peak: narrowing any vault raises its per-position mean above it
    const evenPeak = tight.peakK(0, Uint8Array.of(1, 1, 1, 1));
    const out2 = refineForLogic(tight, r.coreKPerW as Float64Array, logic, [evenPeak, evenPeak]);
    expect(out2.moves).toBe(0);
    expect(Array.from(tight.kept[0] as Uint8Array)).toEqual([1, 1, 1, 1]);
  });

  it('never raises the objective, keeps every vault under the limit, and tracks T exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: CORES, maxLength: CORES }), {
          minLength: POSITIONS,
          maxLength: POSITIONS,
        }),
        fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: POSITIONS, maxLength: POSITIONS }),
        fc.array(fc.double({ min: 40, max: 60, noNaN: true }), { minLength: CORES, maxLength: CORES }),
        fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: 2, maxLength: 2 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (k, burst, t0, meanW, slack) => {
          const r = response(k, burst);
          const s = sets(r, meanW);
          const full = Uint8Array.of(1, 1, 1, 1);
          const tau = [s.peakK(0, full) + slack, s.peakK(1, full) + slack];
          const logic: CoreObjective = { tempsC: Float64Array.from(t0), value: peakOnly };
          const before = peakOnly(freshTemps(s, r, logic.tempsC));
          const out = refineForLogic(s, r.coreKPerW as Float64Array, logic, tau);
          const after = freshTemps(s, r, logic.tempsC);
          expect(out.burstPlanPeakC).toBeCloseTo(before, 9);
          expect(out.peakC).toBeCloseTo(peakOnly(after), 9);
          expect(out.peakC).toBeLessThanOrEqual(before + 1e-9);
          for (let v = 0; v < 2; v++) {
            const keep = s.kept[v] as Uint8Array;
            expect(keep.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
            expect(s.peakK(v, keep)).toBeLessThanOrEqual((tau[v] as number) + 1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
