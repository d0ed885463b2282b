import { describe, expect, it } from 'vitest';
import { contentionOffsets, lanesCanSettle, lanesWander } from './contention-offsets.js';

describe('contention offsets', () => {
  it('lanes settle when enough offsets are free of co-location, not when none or too few are', () => {
    // L = 8, co-located offsets 4 only: lanes at 0, 1, 2, 3 never meet (differences 1-3 and 5-7).
    const free = Uint8Array.from({ length: 8 }, (_, d) => (d === 0 || d === 4 ? 0 : 1));
    expect(lanesCanSettle(free, 4)).toBe(true);
    // Every offset co-located: nowhere to settle.
    expect(lanesCanSettle(new Uint8Array(8), 2)).toBe(false);
    // Only offsets 1 and 7 free (a lane next to each neighbour): two lanes settle, three cannot
    // (0, 1, 2 would need offset 2).
    const ring = Uint8Array.from({ length: 8 }, (_, d) => (d === 1 || d === 7 ? 1 : 0));
    expect(lanesCanSettle(ring, 2)).toBe(true);
    expect(lanesCanSettle(ring, 3)).toBe(false);
    expect(lanesCanSettle(ring, 1)).toBe(true);
    expect(lanesCanSettle(free, 9)).toBe(false);
  });

  it('DeepSeek-V2 shape (every core hosts every layer): the lanes wander, (lanes - 1) / layers at every offset', () => {
    // 60 layers x 162 experts round-robin over 64 cores, as the default placement: every offset co-located.
    const L = 60;
    const perLayer = 162;
    const layerOf = Int32Array.from({ length: L * perLayer }, (_, e) => Math.floor(e / perLayer));
    const assign = Int32Array.from({ length: L * perLayer }, (_, e) => e % 64);
    const contend = contentionOffsets(L, 64, layerOf, assign, 4);
    expect(lanesWander(contend)).toBe(true);
    expect(contend[0]).toBeCloseTo(1 + 3 / 60, 15);
    for (let d = 1; d < L; d++) expect(contend[d]).toBeCloseTo(3 / 60, 15);
    // One lane: its own layer only, nothing wanders.
    const one = contentionOffsets(L, 64, layerOf, assign, 1);
    expect(Array.from(one)).toEqual([1, ...new Array(L - 1).fill(0)]);
    expect(lanesWander(one)).toBe(false);
  });
});
