import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KELVIN_OFFSET } from '@tasmoe/thermal';
import { smallArch, smallTopology, uniformTemps } from '../__fixtures__/power-fixtures.js';
import { createBlockTemperaturesC } from '../power/block-temperatures.js';
import { fromBlockTempsK } from '../power/block-vectors.js';
import {
  createHardwareModel,
  initialHardwareState,
  nextHardwareState,
  nextHardwareStateOutOfBand,
} from './next-hardware-state.js';
import { createBlockScan, takeBlockTempsK } from './temperatures-in.js';

const arch = smallArch(); // seed refresh curve: steps at 85 and 95 C
const topo = smallTopology(); // 6 cores, 2 dies x 24 banks
const n = topo.coreCount + topo.bankCount;
const model = createHardwareModel(arch, topo, { rawBankBwBytesPerNs: 25 });

// temperatures around the refresh steps and the trip limit, with the odd non-finite value
const kelvin = fc.float64Array({ minLength: n, maxLength: n, min: 273.15 + 40, max: 273.15 + 110, noNaN: true });
const sequence = fc.array(kelvin, { minLength: 1, maxLength: 6 });

/** The three passes the fused one replaces. */
function separately(seq: readonly Float64Array[], tripC: number) {
  const temps = uniformTemps(topo, 60, 60);
  const hw = initialHardwareState(model, temps);
  const below: boolean[] = [];
  for (const k of seq) {
    fromBlockTempsK(k, temps);
    nextHardwareState(model, hw, temps, hw);
    below.push([...temps.coreC, ...temps.bankC].every((t) => t < tripC));
  }
  return { temps, hw, below };
}

function fused(seq: readonly Float64Array[], tripC: number) {
  const temps = uniformTemps(topo, 60, 60);
  const hw = initialHardwareState(model, temps);
  const scan = createBlockScan(topo.bankCount);
  const below: boolean[] = [];
  for (const k of seq) {
    takeBlockTempsK(k, temps, hw, tripC, scan);
    nextHardwareStateOutOfBand(model, hw, temps, scan.outOfBand, scan.count);
    below.push(scan.allBelowTrip);
  }
  return { temps, hw, below };
}

describe('takeBlockTempsK + nextHardwareStateOutOfBand', () => {
  it('give the temperatures, hardware state and trip test of the three separate passes, window after window', () => {
    fc.assert(
      fc.property(sequence, fc.double({ min: 80, max: 120, noNaN: true }), (seq, tripC) => {
        const a = separately(seq, tripC);
        const b = fused(seq, tripC);
        expect(b.below).toEqual(a.below);
        expect(b.temps.coreC).toEqual(a.temps.coreC);
        expect(b.temps.bankC).toEqual(a.temps.bankC);
        expect(b.hw.coreFreqGhz).toEqual(a.hw.coreFreqGhz);
        expect(b.hw.bankBand).toEqual(a.hw.bankBand);
        expect(b.hw.bankRefreshPerS).toEqual(a.hw.bankRefreshPerS);
        expect(b.hw.bankBwBytesPerNs).toEqual(a.hw.bankBwBytesPerNs);
        expect(b.hw.bankBwTotalBytesPerNs).toBe(a.hw.bankBwTotalBytesPerNs);
        expect(b.hw.bankRefreshTotalPerS).toBe(a.hw.bankRefreshTotalPerS);
      }),
      { numRuns: 300 },
    );
  });

  it('lists only the banks that left their band, in bank order', () => {
    const temps = uniformTemps(topo, 60, 60);
    const hw = initialHardwareState(model, temps);
    const k = new Float64Array(n).fill(60 + KELVIN_OFFSET);
    k[topo.coreCount + 30] = 90 + KELVIN_OFFSET;
    k[topo.coreCount + 7] = 86 + KELVIN_OFFSET;
    const scan = createBlockScan(topo.bankCount);
    takeBlockTempsK(k, temps, hw, 100, scan);
    expect(Array.from(scan.outOfBand.subarray(0, scan.count))).toEqual([7, 30]);
    expect(scan.allBelowTrip).toBe(true);
  });

  it('a non-finite temperature fails the trip test and the update names the bank as the separate update does', () => {
    const temps = createBlockTemperaturesC(topo.coreCount, topo.bankCount, 60);
    const hw = initialHardwareState(model, temps);
    const k = new Float64Array(n).fill(60 + KELVIN_OFFSET);
    k[topo.coreCount + 5] = Number.NaN;
    const scan = createBlockScan(topo.bankCount);
    takeBlockTempsK(k, temps, hw, 100, scan);
    expect(scan.allBelowTrip).toBe(false);
    expect(() => nextHardwareStateOutOfBand(model, hw, temps, scan.outOfBand, scan.count)).toThrow(
      /bank 5 has temperature NaN/,
    );
    expect(() => nextHardwareState(model, hw, temps, hw)).toThrow(/bank 5 has temperature NaN/);
  });

  it('refuses a block vector of the wrong length', () => {
    const temps = uniformTemps(topo, 60, 60);
    const hw = initialHardwareState(model, temps);
    expect(() => takeBlockTempsK(new Float64Array(3), temps, hw, 100, createBlockScan(topo.bankCount))).toThrow(
      /expected 54/,
    );
  });
});
