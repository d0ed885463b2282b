import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripeGroups, stripeWidth } from './stripe-groups.js';
import { makeTopology } from './topology.js';

describe('stripe groups', () => {
  it('the width is dram.stripe_banks, at most a vault', () => {
    const topo = makeTopology(8, 8, 16, 16, 2); // 2x2 banks x 2 dies = 8 banks per vault
    expect(stripeWidth({ dram: { stripe_banks: 4 } } as never, topo)).toBe(4);
    expect(stripeWidth({ dram: { stripe_banks: 32 } } as never, topo)).toBe(8);
  });

  it('a group starts at its home bank, has distinct banks in its home vault, one per die while n <= dies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([2, 2, 8, 8, 2], [4, 4, 16, 16, 4], [8, 8, 32, 32, 8], [2, 4, 8, 12, 3]),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        ([cx, cy, bx, by, d], n0, pick) => {
          const topo = makeTopology(cx!, cy!, bx!, by!, d!);
          const n = Math.min(n0, topo.vaultX * topo.vaultY * topo.dramLayers);
          const g = stripeGroups(topo, n);
          const home = pick % topo.bankCount;
          const group = Array.from(g.subarray(home * n, home * n + n));
          expect(group[0]).toBe(home);
          expect(new Set(group).size).toBe(n);
          for (const b of group) expect(topo.bankOwnerCore(b)).toBe(topo.bankOwnerCore(home));
          const dies = group.map((b) => topo.bankCoord(b).layer);
          if (n <= topo.dramLayers) expect(new Set(dies).size).toBe(n);
        },
      ),
    );
  });

  it('the default stack (8 dies, stripe_banks 8): the same bank position on every die', () => {
    const topo = makeTopology(8, 8, 32, 32, 8);
    const home = topo.bankIndex({ x: 5, y: 9, layer: 3 });
    const group = Array.from(stripeGroups(topo, 8).subarray(home * 8, home * 8 + 8));
    expect(group.map((b) => topo.bankCoord(b))).toEqual(
      [3, 4, 5, 6, 7, 0, 1, 2].map((layer) => ({ x: 5, y: 9, layer })),
    );
  });
});
