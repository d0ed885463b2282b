/**
 * `<scenario>/<workload>.csv`: the unified metrics row of one scenario, one row
 * per repeat when the run had repeats. The ten seed columns are required;
 * extras are optional (older runs have fewer), an empty cell is a value the run
 * did not have (e.g. t_first_hot_ms when no window reached Thot), and every
 * further numeric column is kept for the summary table.
 */
import { METRICS_COLUMNS, MetricsRowSchema, type MetricsRow, type Scenario } from '@tasmoe/schemas';
import { MetricsError } from '../errors.js';
import { numberCell, parseCsvTable, requireColumns } from './csv-table.js';

const TEXT_COLUMNS = new Set(['scenario', 'workload']);

/** Every row of the file (one per repeat), in file order; `file` names it in errors. */
export function parseMetricsRows(
  text: string,
  file: string,
  expected: { scenario: Scenario; workload: string },
): MetricsRow[] {
  const table = parseCsvTable(text, file);
  requireColumns(table, METRICS_COLUMNS);
  return table.rows.map((cells, r) => {
    const row: Record<string, unknown> = {};
    table.header.forEach((col, i) => {
      const cell = cells[i] ?? '';
      if (TEXT_COLUMNS.has(col)) row[col] = cell;
      else if (cell !== '') row[col] = numberCell(table, r, i);
    });
    const parsed = MetricsRowSchema.safeParse(row);
    if (!parsed.success) {
      const what = parsed.error.issues.map((i) => `column "${i.path.map(String).join('.')}": ${i.message}`).join('; ');
      throw new MetricsError('RESULTS_FILE_INVALID', `${file}: line ${r + 2}: ${what}`, { file, cause: parsed.error });
    }
    const m = parsed.data;
    if (m.scenario !== expected.scenario || m.workload !== expected.workload) {
      throw new MetricsError(
        'RESULTS_FILE_INVALID',
        `${file}: line ${r + 2}: row is for scenario "${m.scenario}", workload "${m.workload}" but the folder says "${expected.scenario}", "${expected.workload}"`,
        { file },
      );
    }
    return m;
  });
}

/** The single row of a one-run file (the first row of a file with repeats). */
export function parseMetricsCsv(
  text: string,
  file: string,
  expected: { scenario: Scenario; workload: string },
): MetricsRow {
  const rows = parseMetricsRows(text, file, expected);
  const first = rows[0];
  if (first === undefined) throw new MetricsError('RESULTS_FILE_INVALID', `${file}: no metrics row`, { file });
  return first;
}
