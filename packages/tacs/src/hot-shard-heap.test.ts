import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hotShardHeap, hotShardList, pushHotShard } from './hot-shard-heap.js';

/** Experts with 1-3 shards each, banks and temperatures drawn with many ties. */
const instance = fc
  .record({
    shards: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 40 }),
    temps: fc.array(fc.constantFrom(60, 71.5, 80, 85, 85.25, 90), { minLength: 16, maxLength: 16 }),
    banks: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 120, maxLength: 120 }),
    hotFrom: fc.constantFrom(0, 80, 85),
  })
  .chain((r) =>
    fc.record({
      r: fc.constant(r),
      experts: fc.uniqueArray(fc.integer({ min: 0, max: r.shards.length - 1 }), { maxLength: r.shards.length }),
    }),
  );

describe('hotShardHeap', () => {
  it('pops the listed hot shards as a sort by (temperature desc, expert, slot) orders them', () => {
    const list = hotShardList();
    fc.assert(
      fc.property(instance, ({ r, experts }) => {
        const shardOffset = new Int32Array(r.shards.length + 1);
        r.shards.forEach((n, e) => (shardOffset[e + 1] = (shardOffset[e] as number) + n));
        const shardBank = Int32Array.from(r.banks.slice(0, shardOffset[r.shards.length]));
        const temp = Float64Array.from(r.temps);
        const isHot = (b: number) => (temp[b] as number) >= r.hotFrom;
        const expected: { slot: number; expert: number; bank: number; t: number }[] = [];
        for (const e of experts)
          for (let s = shardOffset[e] as number; s < (shardOffset[e + 1] as number); s++) {
            const bank = shardBank[s] as number;
            if (isHot(bank)) expected.push({ slot: s, expert: e, bank, t: temp[bank] as number });
          }
        expected.sort((a, b) => b.t - a.t || a.expert - b.expert || a.slot - b.slot);
        // listed in any order (here: every other one reversed), in a list reused from an earlier case
        const listed = expected.filter((_, k) => k % 2 === 0).concat(expected.filter((_, k) => k % 2 === 1).reverse());
        list.size = 0;
        for (const x of listed) pushHotShard(list, x.slot, x.expert, x.t);
        const heap = hotShardHeap(list, shardBank);
        expect(heap.size).toBe(expected.length);
        const got = Array.from({ length: heap.size }, () => heap.pop());
        expect(got).toEqual(expected.map(({ slot, expert, bank }) => ({ slot, expert, bank })));
      }),
      { numRuns: 300 },
    );
  });
});
