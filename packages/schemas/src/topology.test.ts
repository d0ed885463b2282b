import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTopology } from './topology.js';

const topo = makeTopology(8, 8, 32, 32, 8);

describe('topology of the 8x8 mesh under 32x32x8 banks', () => {
  it('counts', () => {
    expect(topo.coreCount).toBe(64);
    expect(topo.bankCount).toBe(8192);
    expect([topo.vaultX, topo.vaultY]).toEqual([4, 4]);
  });
  it('core ids are row-major from the bottom-left (HotSpot reference naming)', () => {
    expect([topo.coreX(0), topo.coreY(0)]).toEqual([0, 0]);
    expect([topo.coreX(7), topo.coreY(7)]).toEqual([7, 0]);
    expect([topo.coreX(56), topo.coreY(56)]).toEqual([0, 7]);
    expect(topo.coreAt(3, 4)).toBe(35);
  });
  it('bank D<d>_B_<x>_<y> lies over core (y div 4)*8 + (x div 4)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 0, max: 7 }),
        (x, y, layer) => {
          const i = topo.bankIndex({ x, y, layer });
          expect(topo.bankCoord(i)).toEqual({ x, y, layer });
          expect(topo.bankOwnerCore(i)).toBe(Math.floor(y / 4) * 8 + Math.floor(x / 4));
          expect(topo.bankIndexOfId(topo.bankIdOf(i))).toBe(i);
        },
      ),
    );
  });
  it('vault banks are owned by their core', () => {
    for (const core of [0, 27, 63]) {
      const banks = topo.vaultBanks(core, 3);
      expect(banks).toHaveLength(16);
      for (const b of banks) expect(topo.bankOwnerCore(b)).toBe(core);
    }
  });
  it('XY routes have hops links, X first, and are distinct', () => {
    const out = new Int32Array(64);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }), (a, b) => {
        const n = topo.routeLinks(a, b, out);
        expect(n).toBe(topo.hops(a, b));
        expect(new Set(out.subarray(0, n)).size).toBe(n);
        for (let i = 0; i < n; i++) expect(out[i]!).toBeLessThan(topo.linkCount);
      }),
    );
  });
  it('neighbours within a radius, nearest first', () => {
    expect(topo.neighbours(0, 1)).toEqual([1, 8]);
    const n = topo.neighbours(27, 2);
    expect(n).toHaveLength(12);
    expect(n.slice(0, 4).every((c) => topo.hops(27, c) === 1)).toBe(true);
  });
});
