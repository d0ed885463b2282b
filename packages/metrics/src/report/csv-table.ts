/**
 * A results CSV as a header and rows of cells, with column look-ups that fail
 * with the file, line and column of the first bad cell. Pure (text in).
 */
import { parse } from 'csv-parse/sync';
import { MetricsError } from '../errors.js';

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  /** Data rows (no header); row i is on line i + 2 of the file. */
  readonly rows: readonly (readonly string[])[];
}

function invalid(file: string, message: string, cause?: unknown): MetricsError {
  return new MetricsError('RESULTS_FILE_INVALID', `${file}: ${message}`, {
    file,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Parse CSV text; `minRows` data rows are required (a header alone is not a result). */
export function parseCsvTable(text: string, file: string, minRows = 1): CsvTable {
  let records: string[][];
  try {
    records = text.includes('"')
      ? (parse(text, { skip_empty_lines: true, trim: true }) as string[][])
      : parseUnquoted(text);
  } catch (err) {
    throw invalid(file, `not a valid CSV file (${(err as Error).message})`, err);
  }
  const [header, ...rows] = records;
  if (header === undefined) throw invalid(file, 'empty file (expected a header line and data rows)');
  if (rows.length < minRows)
    throw invalid(file, `has a header but ${rows.length} data row(s); expected at least ${minRows}`);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw invalid(file, `column "${h}" appears twice in the header`);
    seen.add(h);
  }
  return { file, header, rows };
}

/**
 * Without quotes a CSV is lines of comma-separated cells (RFC 4180: only quoted
 * fields may hold commas or line breaks); the results files are, and this is
 * ~5x faster than the general parser on 30,000-window files. Same output as
 * csv-parse with skip_empty_lines and trim, including its error on a row whose
 * cell count differs from the first row's.
 */
function parseUnquoted(text: string): string[][] {
  const lines = text.split('\n');
  const trim = /[ \t\r\f\v]/.test(text);
  const out: string[][] = [];
  let width = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '' || line === '\r') continue;
    let cells = line.split(',');
    if (trim) cells = cells.map((c) => c.trim());
    if (width < 0) width = cells.length;
    else if (cells.length !== width)
      throw new Error(`Invalid Record Length: expect ${width}, got ${cells.length} on line ${i + 1}`);
    out.push(cells);
  }
  return out;
}

export function requireColumns(table: CsvTable, columns: readonly string[]): void {
  const have = new Set(table.header);
  const missing = columns.filter((c) => !have.has(c));
  if (missing.length > 0) {
    throw invalid(
      table.file,
      `missing column(s) ${missing.map((c) => `"${c}"`).join(', ')} (header is: ${table.header.join(',')})`,
    );
  }
}

export function columnIndex(table: CsvTable, column: string): number {
  const i = table.header.indexOf(column);
  if (i < 0) throw invalid(table.file, `missing column "${column}"`);
  return i;
}

/** Cell text of one column (all rows). */
export function stringColumn(table: CsvTable, column: string): string[] {
  const i = columnIndex(table, column);
  return table.rows.map((r) => r[i] ?? '');
}

/** A finite number parsed from a cell, or a typed error naming file, line and column. */
export function numberCell(table: CsvTable, row: number, column: number): number {
  const text = table.rows[row]?.[column] ?? '';
  const v = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(v)) {
    throw invalid(
      table.file,
      `line ${row + 2}, column "${table.header[column] ?? column}": expected a finite number, got ${JSON.stringify(text)}`,
    );
  }
  return v;
}

/** One numeric column as a typed array (every cell must be a finite number). */
export function numberColumn(table: CsvTable, column: string): Float64Array {
  const i = columnIndex(table, column);
  const out = new Float64Array(table.rows.length);
  for (let r = 0; r < out.length; r++) out[r] = numberCell(table, r, i);
  return out;
}
