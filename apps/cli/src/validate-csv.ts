/**
 * A trace, overlay or event CSV, read as a stream (memory flat in file size):
 * the header names the record kind (every column of one kind, no other
 * column), each row is parsed by the kind's schema and, when the configs are
 * given, checked against them (createRecordChecker of @tasmoe/schemas). A
 * UTF-8 byte-order mark is tolerated. Problems carry `file:line`.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import {
  ComputeEventCsv,
  InputValidationError,
  LogicalComputeCsv,
  LogicalMemoryCsv,
  MemoryEventCsv,
  OverlayMigrateCsv,
  OverlayRerouteCsv,
  createRecordChecker,
  type CheckContext,
  type CheckedRecordKind,
  type CsvRecordKind,
  type InputIssue,
} from '@tasmoe/schemas';
import type { IssueSink } from './issue-sink.js';

const CSV_KINDS: readonly CsvRecordKind<object>[] = [
  LogicalComputeCsv,
  LogicalMemoryCsv,
  OverlayRerouteCsv,
  OverlayMigrateCsv,
  ComputeEventCsv,
  MemoryEventCsv,
];

/** Optional extra columns of the kinds (a file may leave them out). */
const OPTIONAL = new Set(['layer', 'expert_id']);

/** Longest record accepted (a corrupt file with no line breaks is refused, not buffered). */
const MAX_RECORD_BYTES = 1024 * 1024;

function detect(header: readonly string[]): CsvRecordKind<object> | undefined {
  return CSV_KINDS.find((k) => k.columns.filter((c) => !OPTIONAL.has(c)).every((c) => header.includes(c)));
}

export interface CsvValidation {
  readonly kind: string;
  readonly records: number;
}

/** Validates `path`; problems go to `sink`. Undefined when the file has no kind (reported to the sink). */
export async function validateCsvFile(
  path: string,
  file: string,
  sink: IssueSink,
  ctx?: CheckContext,
): Promise<CsvValidation | undefined> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  let header: string[] | undefined;
  let kind: CsvRecordKind<object> | undefined;
  let checker: ReturnType<typeof createRecordChecker> | undefined;
  let records = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (header === undefined) {
        header = record;
        kind = detect(header);
        if (kind === undefined) {
          sink.add({
            file,
            line: info.lines,
            path: '',
            message: `unknown CSV header (${header.join(',')}): expected the columns of one of ${CSV_KINDS.map((k) => k.name).join(', ')}`,
          });
          parser.destroy();
          return undefined;
        }
        const known = new Set(kind.columns);
        const extra = header.filter((h) => !known.has(h));
        const dup = header.filter((h, i) => header?.indexOf(h) !== i);
        if (extra.length > 0)
          sink.add({
            file,
            line: info.lines,
            path: '',
            message: `${kind.name}: unknown column(s) ${extra.join(', ')} (its columns: ${kind.columns.join(', ')})`,
          });
        if (dup.length > 0)
          sink.add({
            file,
            line: info.lines,
            path: '',
            message: `${kind.name}: column(s) ${[...new Set(dup)].join(', ')} more than once`,
          });
        if (ctx !== undefined) checker = createRecordChecker(kind.name as CheckedRecordKind, ctx);
        continue;
      }
      records++;
      const where = `${file}:${info.lines}`;
      if (record.length !== header.length) {
        sink.add({
          file: where,
          path: '',
          message: `expected ${header.length} fields (as the header), got ${record.length}`,
        });
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((h, j) => {
        cells[h] = record[j] ?? '';
      });
      let parsed: object;
      try {
        parsed = (kind as CsvRecordKind<object>).fromCells(cells, { file, line: info.lines });
      } catch (err) {
        if (!(err instanceof InputValidationError)) throw err;
        for (const i of err.issues) sink.add(i);
        continue;
      }
      for (const p of checker?.row(parsed) ?? [])
        sink.add({ file: where, path: p.path, message: `${(kind as CsvRecordKind<object>).name}: ${p.message}` });
    }
  } catch (err) {
    if (err instanceof InputValidationError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    sink.add({
      file: e.lines === undefined ? file : `${file}:${e.lines}`,
      path: '',
      message:
        e.code !== undefined && /^E[A-Z]+$/.test(e.code) && e.code !== 'EOF'
          ? `cannot read file: ${e.code}`
          : `invalid CSV: ${e.message ?? String(err)}`,
    } satisfies InputIssue);
    return undefined;
  }
  if (header === undefined) {
    sink.add({ file, path: '', message: 'empty CSV: expected a header row' });
    return undefined;
  }
  return { kind: (kind as CsvRecordKind<object>).name, records };
}
