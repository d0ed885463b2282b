/**
 * `<scenario>/<workload>.csv`: the unified metrics row of one scenario. The ten
 * seed columns are required; extras are optional (older runs have fewer), and
 * every further numeric column is kept for the summary table.
 */
import { METRICS_COLUMNS, MetricsRowSchema, type MetricsRow, type Scenario } from '@tasmoe/schemas';
import { MetricsError } from '../errors.js';
import { numberCell, parseCsvTable, requireColumns } from './csv-table.js';

const TEXT_COLUMNS = new Set(['scenario', 'workload']);

export function parseMetricsCsv(text: string, file: string, expected: { scenario: Scenario; workload: string }): MetricsRow {
  const table = parseCsvTable(text, file);
  requireColumns(table, METRICS_COLUMNS);
  if (table.rows.length !== 1) {
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: expected exactly one metrics row, found ${table.rows.length}`, { file });
  }
  const row: Record<string, unknown> = {};
  table.header.forEach((col, i) => {
    const cell = table.rows[0]?.[i] ?? '';
    if (TEXT_COLUMNS.has(col)) row[col] = cell;
    else if (cell !== '') row[col] = numberCell(table, 0, i);
  });
  const parsed = MetricsRowSchema.safeParse(row);
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `column "${i.path.map(String).join('.')}": ${i.message}`).join('; ');
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: line 2: ${what}`, { file, cause: parsed.error });
  }
  const r = parsed.data;
  if (r.scenario !== expected.scenario || r.workload !== expected.workload) {
    throw new MetricsError(
      'RESULTS_FILE_INVALID',
      `${file}: row is for scenario "${r.scenario}", workload "${r.workload}" but the folder says "${expected.scenario}", "${expected.workload}"`,
      { file },
    );
  }
  return r;
}
