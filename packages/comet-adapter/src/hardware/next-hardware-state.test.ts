import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallArch, smallTopology, uniformTemps } from '../__fixtures__/power-fixtures.js';
import { PowerModelError } from '../power/errors.js';
import {
  createHardwareModel,
  createHardwareSnapshot,
  initialHardwareState,
  nextHardwareState,
} from './next-hardware-state.js';

const arch = smallArch(); // one "all" domain [2.0, 1.8, 1.6, 1.2] @ [80, 85, 90], h = 2; seed refresh curve
const topo = smallTopology(); // 6 cores, 2 dies x 24 banks
const RAW = 25;
const keep = (mult: number) => 1 - (350e-9 * mult) / 7.8e-6;

describe('nextHardwareState', () => {
  const model = createHardwareModel(arch, topo, { rawBankBwBytesPerNs: RAW });

  it('cool chip: nominal frequency and bandwidth at the coolest refresh step', () => {
    const hw = initialHardwareState(model, uniformTemps(topo, 35));
    expect(Array.from(hw.coreFreqGhz)).toEqual(new Array(6).fill(2.0));
    expect(hw.bankBwBytesPerNs[0]).toBeCloseTo(RAW * keep(1), 12);
    expect(hw.bankRefreshPerS[0]).toBeCloseTo(1 / 7.8e-6, 6);
  });

  it('starting hot throttles at once (governor applied from nominal)', () => {
    const hw = initialHardwareState(model, uniformTemps(topo, 86, 72));
    expect(hw.coreFreqGhz[0]).toBe(1.6);
    expect(hw.bankRefreshMultiplier[10]).toBe(4);
    expect(hw.bankBwBytesPerNs[10]).toBeCloseTo(RAW * keep(4), 12);
  });

  it('combines DVFS hysteresis and per-bank refresh from the last window temperatures', () => {
    const hw = createHardwareSnapshot(model);
    const t = uniformTemps(topo, 70, 50);
    t.coreC[4] = 81;
    t.bankC[30] = 86;
    nextHardwareState(model, hw, t, hw);
    expect(Array.from(hw.coreFreqGhz)).toEqual(new Array(6).fill(1.8)); // domain "all": hottest core decides
    expect(hw.bankBwBytesPerNs[30]).toBeCloseTo(RAW * keep(8), 12);
    expect(hw.bankBwBytesPerNs[31]).toBeCloseTo(RAW * keep(1), 12);
    t.coreC[4] = 78.5; // inside the hysteresis band: stays throttled
    nextHardwareState(model, hw, t, hw);
    expect(hw.coreFreqGhz[0]).toBe(1.8);
    t.coreC[4] = 77; // below 80 - 2: recovers
    nextHardwareState(model, hw, t, hw);
    expect(hw.coreFreqGhz[0]).toBe(2.0);
  });

  it('effective bandwidth falls as the DRAM heats', () => {
    let prev = Number.POSITIVE_INFINITY;
    // one refresh-curve step each
    for (const tc of [45, 60, 75, 90]) {
      const hw = initialHardwareState(model, uniformTemps(topo, 60, tc));
      expect(hw.bankBwBytesPerNs[0]).toBeLessThan(prev);
      prev = hw.bankBwBytesPerNs[0]!;
    }
  });

  it("'die' refresh temperature: one hot bank sets the refresh of its whole die only", () => {
    const dieModel = createHardwareModel(arch, topo, { rawBankBwBytesPerNs: RAW, refreshTemperature: 'die' });
    const t = uniformTemps(topo, 60, 50);
    t.bankC[3] = 71; // die 0
    const hw = initialHardwareState(dieModel, t);
    for (let b = 0; b < 24; b++) expect(hw.bankRefreshMultiplier[b]).toBe(4);
    for (let b = 24; b < 48; b++) expect(hw.bankRefreshMultiplier[b]).toBe(1);
  });

  it('writing into a fresh snapshot leaves the previous one unchanged', () => {
    const a = createHardwareSnapshot(model);
    const b = nextHardwareState(model, a, uniformTemps(topo, 95, 95));
    expect(a.coreFreqGhz[0]).toBe(2.0);
    expect(b.coreFreqGhz[0]).toBe(1.2);
    expect(b).not.toBe(a);
  });

  it('in-place updates (band skipping) equal a fresh lookup over any temperature sequence', () => {
    const temp = fc.double({ min: 20, max: 110, noNaN: true });
    // bank temperatures on and around the curve's steps (40, 55, 70, 85) as well as anywhere
    const bankT = fc.oneof(temp, fc.constantFrom(39.999, 40, 54.99, 55, 70, 84.999999, 85, 85.000001));
    fc.assert(
      fc.property(
        fc.array(fc.array(bankT, { minLength: topo.bankCount, maxLength: topo.bankCount }), {
          minLength: 1,
          maxLength: 8,
        }),
        (seq) => {
          const live = createHardwareSnapshot(model);
          for (const banks of seq) {
            const t = uniformTemps(topo, 60);
            t.bankC.set(banks);
            nextHardwareState(model, live, t, live);
            const fresh = nextHardwareState(model, createHardwareSnapshot(model), t);
            expect(Array.from(live.bankRefreshMultiplier)).toEqual(Array.from(fresh.bankRefreshMultiplier));
            expect(Array.from(live.bankBwBytesPerNs)).toEqual(Array.from(fresh.bankBwBytesPerNs));
            expect(Array.from(live.bankRefreshPerS)).toEqual(Array.from(fresh.bankRefreshPerS));
            expect(live.bankBwTotalBytesPerNs).toBeCloseTo(fresh.bankBwTotalBytesPerNs, 9);
            expect(live.bankRefreshTotalPerS / fresh.bankRefreshTotalPerS).toBeCloseTo(1, 12);
            expect(fresh.bankBwTotalBytesPerNs).toBeCloseTo(
              Array.from(fresh.bankBwBytesPerNs).reduce((a, b) => a + b, 0),
              9,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts per-bank raw bandwidths and rejects bad inputs', () => {
    const raw = new Float64Array(topo.bankCount).fill(10);
    raw[5] = 20;
    const m = createHardwareModel(arch, topo, { rawBankBwBytesPerNs: raw });
    const hw = initialHardwareState(m, uniformTemps(topo, 30));
    expect(hw.bankBwBytesPerNs[5]! / hw.bankBwBytesPerNs[4]!).toBeCloseTo(2, 12);
    expect(() => createHardwareModel(arch, topo, { rawBankBwBytesPerNs: new Float64Array(3) })).toThrow(
      PowerModelError,
    );
    expect(() => createHardwareModel(arch, topo, { rawBankBwBytesPerNs: -1 })).toThrow(/raw bandwidth/);
    const bad = uniformTemps(topo, 30);
    bad.bankC[2] = Number.POSITIVE_INFINITY;
    expect(() => nextHardwareState(model, createHardwareSnapshot(model), bad)).toThrow(
      expect.objectContaining({ code: 'REFRESH_INPUT' }),
    );
    // also when updating in place, where banks inside their band are skipped
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const live = initialHardwareState(model, uniformTemps(topo, 30));
      const t = uniformTemps(topo, 30);
      t.bankC[2] = v;
      expect(() => nextHardwareState(model, live, t, live)).toThrow(expect.objectContaining({ code: 'REFRESH_INPUT' }));
    }
  });
});
