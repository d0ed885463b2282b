import { describe, expect, it } from 'vitest';
import { createBlockTemperaturesC } from './block-temperatures.js';
import { fromBlockTempsK, toBlockPowerW } from './block-vectors.js';
import { createWindowPower } from './window-power.js';

describe('block vectors', () => {
  it('lays power out as cores then banks, and splits kelvin temperatures back into C', () => {
    const p = createWindowPower(2, 3);
    p.coreW.set([1, 2]);
    p.bankW.set([3, 4, 5]);
    expect(Array.from(toBlockPowerW(p))).toEqual([1, 2, 3, 4, 5]);
    const t = fromBlockTempsK(Float64Array.of(300, 301, 350, 351, 352), createBlockTemperaturesC(2, 3));
    expect(Array.from(t.coreC).map((x) => +x.toFixed(2))).toEqual([26.85, 27.85]);
    expect(Array.from(t.bankC).map((x) => +x.toFixed(2))).toEqual([76.85, 77.85, 78.85]);
    expect(() => toBlockPowerW(p, new Float64Array(4))).toThrow(/cores then banks/);
    expect(() => fromBlockTempsK(new Float64Array(4), createBlockTemperaturesC(2, 3))).toThrow(/cores then banks/);
  });
});
