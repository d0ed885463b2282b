/**
 * `<scenario>/<workload>.windows.csv`: the per-window series, columnar (a run
 * can have ~30,000 windows). Every column the report reads (WINDOW_METRICS_COLUMNS but the
 * migration kinds, which series from before they were counted lack) is required and numeric;
 * windows must be in time order.
 */
import { MetricsError } from '../errors.js';
import { WINDOW_KIND_COLUMNS, WINDOW_METRICS_COLUMNS, type WindowMetrics } from '../window-metrics.js';
import { numberColumn, parseCsvTable, requireColumns } from './csv-table.js';

export type WindowColumn = Exclude<keyof WindowMetrics, (typeof WINDOW_KIND_COLUMNS)[number]>;

const READ_COLUMNS = WINDOW_METRICS_COLUMNS.filter(
  (c): c is WindowColumn => !(WINDOW_KIND_COLUMNS as readonly string[]).includes(c),
);

export interface WindowSeries {
  readonly length: number;
  readonly columns: Readonly<Record<WindowColumn, Float64Array>>;
}

export function parseWindowSeries(text: string, file: string): WindowSeries {
  const { length, columns } = text.includes('"') ? viaTable(text, file) : streamColumns(text, file);
  const start = columns.t_start_ms;
  const end = columns.t_end_ms;
  for (let i = 0; i < length; i++) {
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
  return { length, columns };
}

function viaTable(text: string, file: string): WindowSeries {
  const table = parseCsvTable(text, file);
  requireColumns(table, READ_COLUMNS);
  const columns = Object.fromEntries(READ_COLUMNS.map((c) => [c, numberColumn(table, c)])) as Record<
    WindowColumn,
    Float64Array
  >;
  return { length: table.rows.length, columns };
}

/**
 * Unquoted files (what the loop writes) straight into numeric columns, line by line: a 10x
 * longer run (300,000+ windows) never holds its cells as strings. Same checks and messages as
 * the table route (header, cell count, finite numbers with file, line and column).
 */
function streamColumns(text: string, file: string): WindowSeries {
  const bad = (m: string) => new MetricsError('RESULTS_FILE_INVALID', `${file}: ${m}`, { file });
  let pos = 0;
  const nextLine = (): string | undefined => {
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      let line = text.slice(pos, nl);
      pos = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trim() !== '') return line;
    }
    return undefined;
  };
  const headerLine = nextLine();
  if (headerLine === undefined) throw bad('empty file (expected a header line and data rows)');
  const header = headerLine.split(',').map((h) => h.trim());
  const missing = READ_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw bad(`missing column(s) ${missing.map((c) => `"${c}"`).join(', ')} (header is: ${header.join(',')})`);
  const idx = READ_COLUMNS.map((c) => header.indexOf(c));
  let cap = Math.max(16, Math.ceil(text.length / Math.max(1, headerLine.length)));
  let cols = READ_COLUMNS.map(() => new Float64Array(cap));
  let n = 0;
  for (let line = nextLine(), lineNo = 2; line !== undefined; line = nextLine(), lineNo++) {
    const cells = line.split(',');
    if (cells.length !== header.length)
      throw bad(
        `not a valid CSV file (Invalid Record Length: expect ${header.length}, got ${cells.length} on line ${lineNo})`,
      );
    if (n === cap) {
      cap *= 2;
      cols = cols.map((c) => {
        const g = new Float64Array(cap);
        g.set(c);
        return g;
      });
    }
    for (let k = 0; k < idx.length; k++) {
      const cell = (cells[idx[k] as number] as string).trim();
      const v = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(v))
        throw bad(`line ${lineNo}, column "${READ_COLUMNS[k]}": expected a finite number, got ${JSON.stringify(cell)}`);
      (cols[k] as Float64Array)[n] = v;
    }
    n++;
  }
  if (n < 1) throw bad('has a header but 0 data row(s); expected at least 1');
  const columns = Object.fromEntries(READ_COLUMNS.map((c, k) => [c, (cols[k] as Float64Array).slice(0, n)])) as Record<
    WindowColumn,
    Float64Array
  >;
  return { length: n, columns };
}
