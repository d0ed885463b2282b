import { makeTopology, stripeGroups } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { groupKey, nextStripeWindow, stripeTable, stripeTemps } from './stripe-temps.js';
import { indexRange } from './index-range.js';

const topo = makeTopology(4, 4, 16, 16, 4); // 4x4 banks per vault, 4 dies

describe('stripe groups by key', () => {
  it('homes share a key exactly when their groups are the same set of banks', () => {
    for (const n of [1, 2, 4, 6]) {
      const t = stripeTable(topo, n);
      const g = stripeGroups(topo, n);
      const set = (b: number) =>
        Array.from(g.subarray(b * n, b * n + n))
          .sort((x, y) => x - y)
          .join(',');
      for (let b = 0; b < topo.bankCount; b += 37) {
        const k = t.key[b]!;
        expect(set(k)).toBe(set(b));
        expect(k).toBeLessThanOrEqual(b);
      }
    }
    // n = dies: every die at one position is one group
    const t4 = stripeTable(topo, 4);
    const at = (layer: number) => topo.bankIndex({ x: 5, y: 9, layer });
    expect(new Set([0, 1, 2, 3].map((l) => t4.key[at(l)])).size).toBe(1);
    expect(new Set([0, 1, 2, 3].map((l) => stripeTable(topo, 2).key[at(l)])).size).toBe(4);
  });

  it("a group's entry is its hottest EMA and whether any bank (EMA or raw) reaches the limit, new each window", () => {
    const t = stripeTable(topo, 4);
    const s = stripeTemps();
    const ema = new Float64Array(topo.bankCount).fill(70);
    const raw = new Float64Array(topo.bankCount).fill(70);
    const head = indexRange(topo.bankCount);
    const home = topo.bankIndex({ x: 2, y: 3, layer: 1 });
    const other = topo.bankIndex({ x: 2, y: 3, layer: 3 });
    ema[other] = 80;
    raw[topo.bankIndex({ x: 2, y: 3, layer: 0 })] = 86;
    nextStripeWindow(s, topo.bankCount);
    let k = groupKey(s, t, ema, head, raw, 85, home);
    expect([s.ema[k], s.hot[k]]).toEqual([80, 1]);
    ema[other] = 70; // the same window keeps its entry
    expect(s.ema[groupKey(s, t, ema, head, raw, 85, home)]).toBe(80);
    nextStripeWindow(s, topo.bankCount);
    raw.fill(70);
    k = groupKey(s, t, ema, head, raw, 85, home);
    expect([s.ema[k], s.hot[k]]).toEqual([70, 0]);
  });
});
