/**
 * Repeats summarised per scenario and metric: the mean with a 95 % Student-t
 * interval, and the difference to baseline paired by repeat (the same trace
 * seed in both), also with a t interval. A difference whose interval contains
 * 0 is within the run-to-run spread ("within noise"). With one repeat there is
 * no interval (empty cells).
 */
import type { MetricsRow } from '@tasmoe/schemas';
import { meanCi95 } from '@tasmoe/metrics';

export const SUMMARY_COLUMNS = [
  'scenario',
  'workload',
  'metric',
  'mean',
  'ci95_low',
  'ci95_high',
  'n',
  'delta_vs_baseline',
  'delta_ci95_low',
  'delta_ci95_high',
] as const;

export interface SummaryRow {
  readonly scenario: string;
  readonly workload: string;
  readonly metric: string;
  readonly mean: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
  readonly n: number;
  readonly delta_vs_baseline: number;
  readonly delta_ci95_low: number;
  readonly delta_ci95_high: number;
}

/** One scenario's rows, one per repeat, in repeat order (repeat r of every scenario ran on the same seed). */
export interface ScenarioRepeats {
  readonly scenario: string;
  readonly rows: readonly MetricsRow[];
}

export interface MeanInterval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

/** Mean and 95 % t interval of the finite values (@tasmoe/metrics `meanCi95`); NaN bounds for fewer than two. */
export function meanInterval(xs: readonly number[]): MeanInterval {
  const ci = meanCi95(xs);
  if (ci === undefined) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n: 0 };
  return ci.n < 2 ? { mean: ci.mean, low: Number.NaN, high: Number.NaN, n: ci.n } : ci;
}

/** Whether a difference is within the run-to-run spread: its interval contains 0 (or there is none). */
export function withinNoise(low: number, high: number): boolean {
  return !(low > 0 || high < 0);
}

/** Every numeric metric column of the rows (the seed's columns first, in row order). */
export function metricColumns(rows: readonly MetricsRow[]): string[] {
  const cols: string[] = [];
  for (const r of rows)
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && !cols.includes(k)) cols.push(k);
  return cols;
}

export function summarize(workload: string, scenarios: readonly ScenarioRepeats[]): SummaryRow[] {
  const base = scenarios.find((s) => s.scenario === 'baseline');
  const out: SummaryRow[] = [];
  for (const s of scenarios) {
    for (const metric of metricColumns(s.rows)) {
      const values = s.rows.map((r) => r[metric] as number);
      const m = meanInterval(values);
      const paired =
        base === undefined
          ? undefined
          : pairedDeltas(
              values,
              base.rows.map((r) => r[metric] as number),
            );
      const d = paired === undefined ? undefined : meanInterval(paired);
      out.push({
        scenario: s.scenario,
        workload,
        metric,
        mean: m.mean,
        ci95_low: m.low,
        ci95_high: m.high,
        n: m.n,
        delta_vs_baseline: d?.mean ?? Number.NaN,
        delta_ci95_low: d?.low ?? Number.NaN,
        delta_ci95_high: d?.high ?? Number.NaN,
      });
    }
  }
  return out;
}

function pairedDeltas(xs: readonly number[], base: readonly number[]): number[] | undefined {
  if (xs.length !== base.length) return undefined;
  return xs.map((x, i) => x - (base[i] as number));
}

/** summary.csv: numbers with 6 significant digits, empty cells for undefined intervals. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  const cell = (v: string | number): string =>
    typeof v === 'string'
      ? v
      : Number.isFinite(v)
        ? Number.isInteger(v)
          ? String(v)
          : String(Number(v.toPrecision(6)))
        : '';
  return `${[SUMMARY_COLUMNS.join(','), ...rows.map((r) => SUMMARY_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}
