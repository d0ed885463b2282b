/**
 * `<scenario>/<workload>.windows.csv`: the per-window series, columnar (a run
 * can have ~30,000 windows). Every WINDOW_METRICS_COLUMNS column is required
 * and numeric; windows must be in time order.
 */
import { MetricsError } from '../errors.js';
import { WINDOW_METRICS_COLUMNS, type WindowMetrics } from '../window-metrics.js';
import { numberColumn, parseCsvTable, requireColumns } from './csv-table.js';

export type WindowColumn = keyof WindowMetrics;

export interface WindowSeries {
  readonly length: number;
  readonly columns: Readonly<Record<WindowColumn, Float64Array>>;
}

export function parseWindowSeries(text: string, file: string): WindowSeries {
  const table = parseCsvTable(text, file);
  requireColumns(table, WINDOW_METRICS_COLUMNS);
  const columns = Object.fromEntries(WINDOW_METRICS_COLUMNS.map((c) => [c, numberColumn(table, c)])) as Record<WindowColumn, Float64Array>;
  const start = columns.t_start_ms;
  const end = columns.t_end_ms;
  for (let i = 0; i < table.rows.length; i++) {
    const s = start[i] ?? 0;
    const e = end[i] ?? 0;
    if (!(e > s) || (i > 0 && s < (end[i - 1] ?? 0) - 1e-9)) {
      throw new MetricsError(
        'RESULTS_FILE_INVALID',
        `${file}: line ${i + 2}: window [${s}, ${e}] ms is empty or out of time order`,
        { file },
      );
    }
  }
  return { length: table.rows.length, columns };
}
