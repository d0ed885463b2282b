import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankTwinGroups, fillTwins } from './bank-twins.js';
import { indexRange } from './index-range.js';

/** twins[b] = the lowest bank of b's group, for random groupings of n banks. */
const twinMaps = fc
  .array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 60 })
  .map((groupOf) => groupOf.map((g) => groupOf.indexOf(g)));

describe('bank twins', () => {
  it('reading through headOf sees what fillTwins writes, for every bank', () => {
    fc.assert(
      fc.property(twinMaps, fc.array(fc.double({ min: 20, max: 120, noNaN: true }), { minLength: 60 }), (twins, v) => {
        const groups = bankTwinGroups(twins);
        const heads = Float64Array.from(twins, (_, b) => v[b] ?? 0);
        const whole = heads.slice();
        fillTwins(whole, groups);
        for (let b = 0; b < twins.length; b++) expect(heads[groups.headOf[b] as number]).toBe(whole[b]);
      }),
      { numRuns: 200 },
    );
  });

  it('indexRange: every bank its own head, one array per length', () => {
    expect(Array.from(indexRange(5))).toEqual([0, 1, 2, 3, 4]);
    expect(indexRange(5)).toBe(indexRange(5));
  });
});
