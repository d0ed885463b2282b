import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallArch } from '../__fixtures__/power-fixtures.js';
import { effectiveBandwidth, refreshBusyFraction } from './effective-bandwidth.js';
import {
  bankRefreshRatePerS,
  refreshEnergyJ,
  refreshMhz,
  refreshMhzFromRates,
  refreshPowerW,
  refreshRateMhz,
  refreshRatePerS,
} from './refresh-rate.js';

const refresh = smallArch().refresh; // seed defaults: 7.8 us, [[40,1],[55,2],[70,4],[85,8]], tRFC 350 ns
const RATE_1X = 1 / 7.8e-6;

describe('refresh rate', () => {
  it('is multiplier / tref_base commands per second per bank', () => {
    expect(refreshRatePerS(1, 7.8)).toBeCloseTo(RATE_1X, 6);
    expect(refreshRatePerS(2, 7.8)).toBeCloseTo(2 * RATE_1X, 6);
    expect(bankRefreshRatePerS(30, refresh)).toBeCloseTo(RATE_1X, 6);
    expect(bankRefreshRatePerS(85, refresh)).toBeCloseTo(8 * RATE_1X, 6);
    expect(bankRefreshRatePerS(85 - 1e-9, refresh)).toBeCloseTo(4 * RATE_1X, 6);
  });

  it('refresh_mhz is multiplier / tref_base_us, averaged over banks', () => {
    expect(refreshRateMhz(30, refresh)).toBeCloseTo(1 / 7.8, 12);
    expect(refreshRateMhz(90, refresh)).toBeCloseTo(8 / 7.8, 12);
    const temps = Float64Array.of(30, 60, 90);
    expect(refreshMhz(temps, refresh)).toBeCloseTo((1 + 2 + 8) / 3 / 7.8, 12);
    const rates = temps.map((t) => bankRefreshRatePerS(t, refresh));
    expect(refreshMhzFromRates(rates)).toBeCloseTo(refreshMhz(temps, refresh), 12);
    expect(refreshMhz(new Float64Array(0), refresh)).toBe(0);
  });

  it('refresh power and energy use the per-command energy (CoMeT 3.55 nJ)', () => {
    expect(refreshPowerW(RATE_1X, 3.55)).toBeCloseTo(3.55e-9 / 7.8e-6, 15); // 0.455 mW per bank
    expect(refreshEnergyJ(RATE_1X, 1e-3, 3.55)).toBeCloseTo((1e-3 / 7.8e-6) * 3.55e-9, 18);
    expect(refreshEnergyJ(8 * RATE_1X, 1e-3, 3.55)).toBeCloseTo(8 * refreshEnergyJ(RATE_1X, 1e-3, 3.55), 18);
  });
});

describe('effective bandwidth', () => {
  it('is raw x (1 - tRFC x rate): DDR4 8 Gb loses 4.5 % at 1x and 35.9 % at the seed 8x step', () => {
    expect(effectiveBandwidth(25, RATE_1X, 350)).toBeCloseTo(25 * (1 - 350e-9 / 7.8e-6), 12);
    expect(1 - effectiveBandwidth(1, RATE_1X, 350)).toBeCloseTo(0.04487, 5);
    expect(1 - effectiveBandwidth(1, 8 * RATE_1X, 350)).toBeCloseTo(0.35897, 5);
    expect(refreshBusyFraction(RATE_1X, 350)).toBeCloseTo(350 / 7800, 12);
  });

  it('is clamped at zero when refresh would take the whole bank', () => {
    expect(effectiveBandwidth(25, 1 / 350e-9, 350)).toBe(0);
    expect(effectiveBandwidth(25, 10 / 350e-9, 350)).toBe(0);
    expect(refreshBusyFraction(10 / 350e-9, 350)).toBe(1);
    expect(effectiveBandwidth(25, 0, 350)).toBe(25);
  });

  it.each([40, 55, 70, 85])('falls at the curve point %s C (just below > at = just above)', (t) => {
    const bw = (tc: number) => effectiveBandwidth(25, bankRefreshRatePerS(tc, refresh), refresh.trfc_ns);
    if (t === 40) {
      expect(bw(t - 1e-9)).toBe(bw(t)); // the first point keeps the first multiplier
    } else {
      expect(bw(t - 1e-9)).toBeGreaterThan(bw(t));
    }
    expect(bw(t + 1e-9)).toBe(bw(t));
  });

  it('never rises with temperature (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (t, dt, raw) => {
          const a = effectiveBandwidth(raw, bankRefreshRatePerS(t, refresh), refresh.trfc_ns);
          const b = effectiveBandwidth(raw, bankRefreshRatePerS(t + dt, refresh), refresh.trfc_ns);
          expect(b).toBeLessThanOrEqual(a);
          expect(b).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
