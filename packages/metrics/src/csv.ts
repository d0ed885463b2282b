/** CSV text of metrics rows and window series (pure; callers write the files atomically). */
import { stringify } from 'csv-stringify/sync';
import { METRICS_COLUMNS, type MetricsRow } from '@tasmoe/schemas';
import { EXTRA_METRICS_COLUMNS } from './reduce.js';
import { WINDOW_METRICS_COLUMNS, type WindowMetrics } from './window-metrics.js';

/** Round to 6 significant digits so CSVs are stable and readable. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function cell(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v) : v === undefined ? '' : String(v);
}

/** The unified CSV: the ten seed columns first, then the extras, then any further keys of the rows. */
export function metricsCsv(rows: readonly MetricsRow[]): string {
  const known = new Set<string>([...METRICS_COLUMNS, ...EXTRA_METRICS_COLUMNS]);
  const further = [...new Set(rows.flatMap((r) => Object.keys(r)).filter((k) => !known.has(k)))].sort();
  const columns = [...METRICS_COLUMNS, ...EXTRA_METRICS_COLUMNS, ...further];
  return stringify(
    rows.map((r) => columns.map((c) => cell(r[c]))),
    { header: true, columns },
  );
}

export function windowMetricsCsvHeader(): string {
  return stringify([], { header: true, columns: [...WINDOW_METRICS_COLUMNS] });
}

/** CSV lines (no header) of some windows, for appending as a run proceeds. */
export function windowMetricsCsvRows(windows: readonly WindowMetrics[]): string {
  return stringify(windows.map((w) => WINDOW_METRICS_COLUMNS.map((c) => cell(w[c]))));
}
