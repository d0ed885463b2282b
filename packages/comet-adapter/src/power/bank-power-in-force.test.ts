import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTopology, type Topology } from '@tasmoe/schemas';
import { buildWindow, smallArch, uniformTemps, type MemorySpec } from '../__fixtures__/power-fixtures.js';
import { PowerModelError } from './errors.js';
import { computePowerFromEvents, createWindowPower } from './window-power.js';

const arch = smallArch();
const FLIT = arch.mesh.noc.width_bits;

/** The general pass (breakdown on) and the loop's pass (rates given, no breakdown) on the same input. */
function both(topo: Topology, bankC: readonly number[], rates: Float64Array, memory: readonly MemorySpec[]) {
  const w = buildWindow(topo, FLIT, [], memory, 1e6);
  const t = uniformTemps(topo, 60);
  t.bankC.set(bankC);
  const general = computePowerFromEvents(w, t, arch, topo, { bankRefreshPerS: rates });
  const inForce = computePowerFromEvents(w, t, arch, topo, {
    out: createWindowPower(topo.coreCount, topo.bankCount),
    bankRefreshPerS: rates,
    bankBreakdown: false,
  });
  let bytes = 0;
  let touched = 0;
  for (let b = 0; b < topo.bankCount; b++) {
    const rw = (w.bankReadBytes[b] as number) + (w.bankWriteBytes[b] as number);
    bytes += rw;
    if (rw > 0) touched++;
  }
  return { general, inForce, bytes, touched };
}

describe('bankPowersInForce (the loop case of computePowerFromEvents)', () => {
  // 6x4 banks per die (2x2 groups) and 5x3 (odd: the row-wise pass)
  it.each([
    [6, 4],
    [5, 3],
  ])('gives the general pass bit for bit on %ix%i banks per die (property)', (bx, by) => {
    const topo = makeTopology(3, 2, bx, by, 2);
    const temps = fc.array(fc.constantFrom(48.5, 61.25, 61.25000000000001, 77, 90.125), {
      minLength: topo.bankCount,
      maxLength: topo.bankCount,
    });
    const rates = fc.float64Array({
      minLength: topo.bankCount,
      maxLength: topo.bankCount,
      min: 1e5,
      max: 1e6,
      noNaN: true,
    });
    const memory = fc.array(
      fc.record({
        core: fc.integer({ min: 0, max: topo.coreCount - 1 }),
        bank: fc.integer({ min: 0, max: topo.bankCount - 1 }),
        bytes: fc.integer({ min: 1, max: 1 << 20 }),
        rw: fc.constantFrom<0 | 1>(0, 1),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(temps, rates, memory, (bankC, r, mem) => {
        const { general, inForce, bytes, touched } = both(topo, bankC, r, mem);
        expect(Array.from(inForce.bankW)).toEqual(Array.from(general.bankW));
        expect(Array.from(inForce.bankLeakW)).toEqual(Array.from(general.bankLeakW));
        expect(inForce.bankTotalW).toBe(general.bankTotalW);
        expect(inForce.coreTotalW).toBe(general.coreTotalW);
        expect(inForce.bankBytesTotal).toBe(bytes);
        expect(Number.isNaN(general.bankBytesTotal)).toBe(true); // only the loop's pass sums them
        expect(inForce.banksTouched).toBe(touched);
        expect(general.banksTouched).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])(
    'names the first bank in bank order whose temperature is %d',
    (bad) => {
      const topo = makeTopology(3, 2, 6, 4, 2);
      const bankC = new Array<number>(topo.bankCount).fill(61.25);
      // bank 13 comes before 7 + 6 = 13's upper neighbour 19 in bank order, and after the group's first bank 12
      bankC[13] = bad;
      bankC[19] = bad;
      const rates = new Float64Array(topo.bankCount).fill(2e5);
      for (const breakdown of [true, false]) {
        const w = buildWindow(topo, FLIT, [], [], 1e6);
        const t = uniformTemps(topo, 60);
        t.bankC.set(bankC);
        const run = () =>
          computePowerFromEvents(w, t, arch, topo, { bankRefreshPerS: rates, bankBreakdown: breakdown });
        expect(run).toThrow(PowerModelError);
        expect(run).toThrow(/bank 13 has temperature/);
      }
    },
  );
});
