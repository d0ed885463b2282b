import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBankId,
  decodeExpertId,
  decodeWeightTensorId,
  encodeBankId,
  encodeExpertId,
  encodeWeightTensorId,
  expertLayerAndIndex,
  expertNumber,
  isBankId,
  isExpertId,
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
    fc.assert(fc.property(idx, fc.integer({ min: 0, max: 100 }), (e, s) => {
      expect(decodeWeightTensorId(encodeWeightTensorId(e, s))).toEqual({ expert: e, shard: s });
    }));
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
