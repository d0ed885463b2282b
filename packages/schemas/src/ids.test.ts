import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBankId,
  decodeExpertId,
  decodeWeightTensorId,
  encodeBankId,
  encodeExpertId,
  encodeWeightTensorId,
  describeExpertNumber,
  expertCount,
  expertLayerAndIndex,
  expertNumber,
  isBankId,
  isExpertId,
  sharedExpertNumber,
} from './ids.js';

const idx = fc.integer({ min: 0, max: 1_000_000 });

describe('id codecs', () => {
  it('expert ids round-trip', () => {
    fc.assert(fc.property(idx, (n) => decodeExpertId(encodeExpertId(n)) === n));
  });
  it('bank ids round-trip', () => {
    fc.assert(
      fc.property(idx, idx, fc.integer({ min: 0, max: 64 }), (x, y, layer) => {
        expect(decodeBankId(encodeBankId({ x, y, layer }))).toEqual({ x, y, layer });
      }),
    );
  });
  it('weight tensor ids round-trip', () => {
    fc.assert(
      fc.property(idx, fc.integer({ min: 0, max: 100 }), (e, s) => {
        expect(decodeWeightTensorId(encodeWeightTensorId(e, s))).toEqual({ expert: e, shard: s });
      }),
    );
  });
  it('expert number <-> (layer, index) round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 300 }), fc.nat(), (layer, per, k) => {
        const index = k % per;
        expect(expertLayerAndIndex(expertNumber(layer, index, per), per)).toEqual({ layer, index });
      }),
    );
  });
  it('matches the seed examples', () => {
    expect(decodeExpertId('E17')).toBe(17);
    expect(decodeBankId('B(12,7,3)')).toEqual({ x: 12, y: 7, layer: 3 });
    expect(expertNumber(2, 1, 8)).toBe(17);
  });
  it.each(['E', 'E-1', 'E01', 'e3', 'E3 ', 'X3'])('rejects expert id %j', (s) => {
    expect(isExpertId(s)).toBe(false);
    expect(() => decodeExpertId(s)).toThrow(/expert id/);
  });
  it.each(['B(1,2)', 'B(1,2,3,4)', 'B( 1,2,3)', 'B(-1,2,3)', 'b(1,2,3)'])('rejects bank id %j', (s) => {
    expect(isBankId(s)).toBe(false);
    expect(() => decodeBankId(s)).toThrow(/bank id/);
  });
  it('refuses negative and fractional numbers', () => {
    expect(() => encodeExpertId(-1)).toThrow();
    expect(() => encodeBankId({ x: 1.5, y: 0, layer: 0 })).toThrow();
  });
});

describe('shared expert numbering', () => {
  const moeArb = fc.record({
    layers: fc.integer({ min: 1, max: 64 }),
    experts_per_layer: fc.integer({ min: 1, max: 200 }),
    shared_experts: fc.integer({ min: 0, max: 4 }),
  });
  it('numbers every routed and shared expert exactly once, shared after all routed', () => {
    fc.assert(
      fc.property(moeArb, (moe) => {
        const seen = new Set<number>();
        for (let l = 0; l < moe.layers; l++) {
          for (let i = 0; i < moe.experts_per_layer; i++) {
            const n = expertNumber(l, i, moe.experts_per_layer);
            expect(describeExpertNumber(n, moe)).toEqual({ layer: l, index: i, shared: false });
            seen.add(n);
          }
          for (let j = 0; j < moe.shared_experts; j++) {
            const n = sharedExpertNumber(l, j, moe);
            expect(n).toBeGreaterThanOrEqual(moe.layers * moe.experts_per_layer);
            expect(describeExpertNumber(n, moe)).toEqual({ layer: l, index: j, shared: true });
            seen.add(n);
          }
        }
        expect(seen.size).toBe(expertCount(moe));
        expect(Math.max(...seen)).toBe(expertCount(moe) - 1);
      }),
      { numRuns: 50 },
    );
  });
  it('DeepSeek-V2 shape: shared expert 1 of layer 2 is E9605', () => {
    expect(sharedExpertNumber(2, 1, { layers: 60, experts_per_layer: 160, shared_experts: 2 })).toBe(
      60 * 160 + 2 * 2 + 1,
    );
  });
  it('rejects out-of-range shared indices and numbers', () => {
    const moe = { layers: 2, experts_per_layer: 8, shared_experts: 1 };
    expect(() => sharedExpertNumber(0, 1, moe)).toThrow(/shared expert index 1/);
    expect(() => sharedExpertNumber(2, 0, moe)).toThrow(/layer 2/);
    expect(() => describeExpertNumber(18, moe)).toThrow(/out of range/);
  });
});
