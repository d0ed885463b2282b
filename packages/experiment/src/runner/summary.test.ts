import { describe, expect, it } from 'vitest';
import type { MetricsRow } from '@tasmoe/schemas';
import { tQuantile975 } from '@tasmoe/metrics';
import { meanInterval, summarize, summaryCsv, withinNoise } from './summary.js';

const row = (scenario: string, T: number, ips: number): MetricsRow =>
  ({
    scenario,
    workload: 'w',
    T_peak_logic: T,
    T_peak_dram: T + 1,
    T_avg: T - 5,
    ips,
    lat_ms: 1,
    bw_util: 0.1,
    refresh_mhz: 0.2,
    noc_load: 0,
  }) as MetricsRow;

describe('repeat statistics', () => {
  it('t quantiles: the table (df 1..30) and the expansion beyond agree with standard values', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(2)).toBe(4.303);
    expect(tQuantile975(30)).toBe(2.042);
    // reference values t(0.975, 40) = 2.0211, t(0.975, 120) = 1.9799 (standard tables)
    expect(Math.abs(tQuantile975(40) - 2.0211)).toBeLessThan(1e-3);
    expect(Math.abs(tQuantile975(120) - 1.9799)).toBeLessThan(1e-3);
  });

  it('mean and 95 % t interval of a sample, by hand: {1, 2, 3} -> 2 +- 4.303 x 1/sqrt(3)', () => {
    const m = meanInterval([1, 2, 3]);
    expect(m.mean).toBe(2);
    expect(m.high - m.mean).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(m.mean - m.low).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    const one = meanInterval([5]);
    expect(one.mean).toBe(5);
    expect(Number.isNaN(one.low) && Number.isNaN(one.high)).toBe(true);
  });

  it('differences are paired by repeat: a constant offset is significant even when the spread across seeds is large', () => {
    const base = [row('baseline', 70, 100), row('baseline', 80, 120), row('baseline', 75, 110)];
    const cooler = [row('taps', 69.5, 100), row('taps', 79.5, 120), row('taps', 74.5, 110)];
    const s = summarize('w', [
      { scenario: 'baseline', rows: base },
      { scenario: 'taps', rows: cooler },
    ]);
    const t = s.find((r) => r.scenario === 'taps' && r.metric === 'T_peak_logic');
    expect(t?.delta_vs_baseline).toBeCloseTo(-0.5, 12);
    expect(t?.delta_ci95_low).toBeCloseTo(-0.5, 12);
    expect(t?.delta_ci95_high).toBeCloseTo(-0.5, 12);
    expect(withinNoise(t?.delta_ci95_low ?? 0, t?.delta_ci95_high ?? 0)).toBe(false);
    // unpaired, the same numbers overlap completely
    const m = s.find((r) => r.scenario === 'taps' && r.metric === 'T_peak_logic');
    expect((m?.ci95_low ?? 0) < 70 && (m?.ci95_high ?? 0) > 80).toBe(true);
    // ips is identical: a zero difference with a zero-width interval is within noise
    const ips = s.find((r) => r.scenario === 'taps' && r.metric === 'ips');
    expect(ips?.delta_vs_baseline).toBe(0);
    expect(withinNoise(ips?.delta_ci95_low ?? 1, ips?.delta_ci95_high ?? 1)).toBe(true);
  });

  it('summary.csv has the documented columns, one row per scenario and metric, empty cells without an interval', () => {
    const csv = summaryCsv(summarize('w', [{ scenario: 'baseline', rows: [row('baseline', 70, 100)] }]));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'scenario,workload,metric,mean,ci95_low,ci95_high,n,delta_vs_baseline,delta_ci95_low,delta_ci95_high',
    );
    expect(lines).toHaveLength(1 + 8);
    expect(lines[1]).toBe('baseline,w,T_peak_logic,70,,,1,0,,');
  });
});
