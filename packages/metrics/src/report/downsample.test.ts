import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_METRICS_COLUMNS } from '../window-metrics.js';
import { downsampleWindows, timeUnitFor } from './downsample.js';
import type { WindowColumn, WindowSeries } from './window-series.js';

function series(n: number, f: (i: number) => Partial<Record<WindowColumn, number>>): WindowSeries {
  const columns = Object.fromEntries(WINDOW_METRICS_COLUMNS.map((c) => [c, new Float64Array(n)])) as Record<
    WindowColumn,
    Float64Array
  >;
  for (let i = 0; i < n; i++) {
    const row: Partial<Record<WindowColumn, number>> = {
      win: i,
      t_start_ms: 3 * i,
      t_end_ms: 3 * i + 3,
      noc_capacity_flit_hops: 100,
      dram_capacity_bytes: 1000,
      ...f(i),
    };
    for (const [k, v] of Object.entries(row)) columns[k as WindowColumn][i] = v;
  }
  return { length: n, columns };
}

describe('downsampleWindows', () => {
  it('keeps every window when under the limit, one point per window', () => {
    const s = series(5, (i) => ({ T_peak_logic: 70 + i, tokens: 32, migrations: i }));
    const pts = downsampleWindows('baseline', s, 1000, 'ms');
    expect(pts).toHaveLength(5);
    expect(pts.map((p) => p.t)).toEqual([1.5, 4.5, 7.5, 10.5, 13.5]);
    expect(pts.map((p) => p.T_peak_logic)).toEqual([70, 71, 72, 73, 74]);
    expect(pts.map((p) => p.migrations_total)).toEqual([0, 1, 3, 6, 10]);
  });

  it('30,000 windows -> at most 1,000 points that keep the peak, the totals and the time span', () => {
    const n = 30_000;
    const s = series(n, (i) => ({
      T_peak_logic: i === 12_345 ? 99 : 70 + Math.sin(i / 100),
      tokens: 10,
      migrations: i % 7 === 0 ? 1 : 0,
      noc_flit_hops: 10,
    }));
    const pts = downsampleWindows('tas', s, 1000, timeUnitFor(3 * n));
    expect(pts.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...pts.map((p) => p.T_peak_logic))).toBe(99);
    expect(pts.at(-1)?.migrations_total).toBe(Math.ceil(n / 7));
    expect(pts[0]?.t).toBeLessThan(0.1);
    expect(pts.at(-1)?.t).toBeGreaterThan(89.9);
    expect(pts.every((p) => Math.abs(p.noc_load_pct - 10) < 1e-9)).toBe(true);
    expect(pts.every((p) => Math.abs(p.ips - 10 / 0.003) < 1e-6)).toBe(true);
  });

  it('property: bucket peaks are the window maxima, time-mean of means, running totals end at the sum', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            T: fc.double({ min: 20, max: 120, noNaN: true }),
            m: fc.nat(5),
            f: fc.double({ min: 1, max: 2, noNaN: true }),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        fc.integer({ min: 1, max: 50 }),
        (ws, maxPoints) => {
          const s = series(ws.length, (i) => ({
            T_peak_dram: ws[i]?.T ?? 0,
            migrations: ws[i]?.m ?? 0,
            freq_mean_ghz: ws[i]?.f ?? 0,
          }));
          const pts = downsampleWindows('taps', s, maxPoints, 'ms');
          expect(pts.length).toBeLessThanOrEqual(maxPoints);
          expect(Math.max(...pts.map((p) => p.T_peak_dram))).toBe(Math.max(...ws.map((w) => w.T)));
          expect(pts.at(-1)?.migrations_total).toBe(ws.reduce((a, w) => a + w.m, 0));
          const size = Math.ceil(ws.length / maxPoints);
          const meanOfFirst = ws.slice(0, size).reduce((a, w) => a + w.f, 0) / Math.min(size, ws.length);
          expect(pts[0]?.freq_mean_ghz).toBeCloseTo(meanOfFirst, 9);
        },
      ),
    );
  });

  it('uses seconds for runs over 2 s', () => {
    expect(timeUnitFor(2000)).toBe('ms');
    expect(timeUnitFor(2001)).toBe('s');
  });
});
