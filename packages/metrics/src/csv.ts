/** CSV text of metrics rows and window series (pure; callers write the files atomically). */
import { stringify } from 'csv-stringify/sync';
import { METRICS_COLUMNS, type MetricsRow } from '@tasmoe/schemas';
import { formatNumber } from './format-number.js';
import { EXTRA_METRICS_COLUMNS } from './reduce.js';
import { WINDOW_METRICS_COLUMNS, type WindowMetrics } from './window-metrics.js';

export { formatNumber };

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
  let text = '';
  for (const w of windows) text += windowMetricsCsvLine(w);
  return text;
}

/**
 * One window's CSV line with its newline, the bytes csv-stringify writes for it: every cell is a
 * formatted number (digits, '.', '-', 'e', 'NaN', 'Infinity'), which CSV never quotes. The loop
 * formats each window as it ends, so it keeps one string per window instead of a record of boxed
 * numbers until the batch is written.
 */
export function windowMetricsCsvLine(w: WindowMetrics): string {
  let line = formatNumber(w[WINDOW_METRICS_COLUMNS[0] as keyof WindowMetrics]);
  for (let i = 1; i < WINDOW_METRICS_COLUMNS.length; i++)
    line += `,${formatNumber(w[WINDOW_METRICS_COLUMNS[i] as keyof WindowMetrics])}`;
  return `${line}\n`;
}
