/**
 * Per-window series -> at most `maxPoints` plot points per scenario, by
 * consecutive buckets of windows. Peaks stay peaks (bucket max), means are
 * time-weighted, ratios are sum/sum (so a bucket's NoC load is the load of the
 * bucket, not a mean of window ratios), counts become running totals (whose
 * last point is the run's total, whatever the bucket size).
 */
import type { Scenario } from '@tasmoe/schemas';
import type { WindowSeries } from './window-series.js';

export type SeriesPoint = {
  readonly scenario: Scenario;
  /** Bucket midpoint, in the chart's time unit. */
  readonly t: number;
  readonly T_peak_logic: number;
  readonly T_peak_dram: number;
  readonly T_mean_logic: number;
  readonly T_mean_dram: number;
  readonly freq_mean_ghz: number;
  readonly throttled_pct: number;
  readonly refresh_mhz: number;
  readonly noc_load_pct: number;
  readonly bw_util_pct: number;
  /** Tokens per simulated second over the bucket, or over the 10 windows around it when the bucket is shorter. */
  readonly ips: number;
  readonly power_logic_w: number;
  readonly power_dram_w: number;
  readonly migrations_total: number;
  readonly reroutes_total: number;
};

export type TimeUnit = 'ms' | 's';

/** Windows a throughput point spans at least. */
export const RATE_SPAN = 10;

/** Seconds for runs longer than 2 s, so axes read "30 s" rather than "30000 ms". */
export function timeUnitFor(simEndMs: number): TimeUnit {
  return simEndMs > 2000 ? 's' : 'ms';
}

export function downsampleWindows(
  scenario: Scenario,
  w: WindowSeries,
  maxPoints: number,
  unit: TimeUnit,
): SeriesPoint[] {
  const c = w.columns;
  const n = w.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const scale = unit === 's' ? 1e-3 : 1;
  // Prefix sums for throughput over spans wider than a bucket (a window completes a whole number of steps, so per-window rates jump).
  const tokPrefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) tokPrefix[i + 1] = (tokPrefix[i] ?? 0) + (c.tokens[i] ?? 0);
  const rateOver = (a: number, b: number): number => {
    const lo = Math.max(0, a);
    const hi = Math.min(n, b);
    const ms = (c.t_end_ms[hi - 1] ?? 0) - (c.t_start_ms[lo] ?? 0);
    return ms > 0 ? ((tokPrefix[hi] ?? 0) - (tokPrefix[lo] ?? 0)) / (ms / 1000) : 0;
  };
  const out: SeriesPoint[] = [];
  let migrations = 0;
  let reroutes = 0;
  for (let b0 = 0; b0 < n; b0 += size) {
    const b1 = Math.min(n, b0 + size);
    let peakL = Number.NEGATIVE_INFINITY;
    let peakD = Number.NEGATIVE_INFINITY;
    let dur = 0;
    let meanL = 0;
    let meanD = 0;
    let freq = 0;
    let thr = 0;
    let refresh = 0;
    let pL = 0;
    let pD = 0;
    let noc = 0;
    let nocCap = 0;
    let bytes = 0;
    let bytesCap = 0;
    let tokens = 0;
    for (let i = b0; i < b1; i++) {
      const dt = (c.t_end_ms[i] ?? 0) - (c.t_start_ms[i] ?? 0);
      peakL = Math.max(peakL, c.T_peak_logic[i] ?? peakL);
      peakD = Math.max(peakD, c.T_peak_dram[i] ?? peakD);
      dur += dt;
      meanL += (c.T_mean_logic[i] ?? 0) * dt;
      meanD += (c.T_mean_dram[i] ?? 0) * dt;
      freq += (c.freq_mean_ghz[i] ?? 0) * dt;
      thr += (c.throttled_fraction[i] ?? 0) * dt;
      refresh += (c.refresh_mhz[i] ?? 0) * dt;
      pL += (c.power_logic_w[i] ?? 0) * dt;
      pD += (c.power_dram_w[i] ?? 0) * dt;
      noc += c.noc_flit_hops[i] ?? 0;
      nocCap += c.noc_capacity_flit_hops[i] ?? 0;
      bytes += c.dram_bytes[i] ?? 0;
      bytesCap += c.dram_capacity_bytes[i] ?? 0;
      tokens += c.tokens[i] ?? 0;
      migrations += c.migrations[i] ?? 0;
      reroutes += c.reroutes[i] ?? 0;
    }
    const t0 = c.t_start_ms[b0] ?? 0;
    const t1 = c.t_end_ms[b1 - 1] ?? t0;
    const mean = (x: number) => (dur > 0 ? x / dur : 0);
    out.push({
      scenario,
      t: ((t0 + t1) / 2) * scale,
      T_peak_logic: peakL,
      T_peak_dram: peakD,
      T_mean_logic: mean(meanL),
      T_mean_dram: mean(meanD),
      freq_mean_ghz: mean(freq),
      throttled_pct: 100 * mean(thr),
      refresh_mhz: mean(refresh),
      noc_load_pct: nocCap > 0 ? (100 * noc) / nocCap : 0,
      bw_util_pct: bytesCap > 0 ? (100 * bytes) / bytesCap : 0,
      ips:
        b1 - b0 >= RATE_SPAN
          ? dur > 0
            ? tokens / (dur / 1000)
            : 0
          : rateOver(Math.floor((b0 + b1) / 2) - RATE_SPAN / 2, Math.floor((b0 + b1) / 2) + RATE_SPAN / 2),
      power_logic_w: mean(pL),
      power_dram_w: mean(pD),
      migrations_total: migrations,
      reroutes_total: reroutes,
    });
  }
  return out;
}
