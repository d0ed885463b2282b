/**
 * A CSV record kind: its zod schema and its typed column order. `json` columns
 * (the seed's `*_json`) hold JSON text in the file and parsed values in the
 * record; an empty cell of an optional column means "absent".
 */
import type { z } from 'zod';
import { InputValidationError } from '../errors.js';

export interface CsvRecordKind<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** Column order in files: the seed's columns first, optional extras after. */
  readonly columns: readonly string[];
  /** CSV cells of a record, in `columns` order (`_json` columns stringified). */
  toCells(record: T): (string | number)[];
  /** Parse and validate one CSV row given as column -> text. */
  fromCells(cells: Readonly<Record<string, string>>, where?: { file: string; line: number }): T;
}

export type CsvColumnType = 'number' | 'string' | 'json';

/** Column spec: "name:type", with a trailing "?" for optional extras (e.g. "layer:number?"). */
export type CsvColumnSpec = `${string}:${CsvColumnType}` | `${string}:${CsvColumnType}?`;

interface Column {
  readonly name: string;
  readonly type: CsvColumnType;
  readonly optional: boolean;
}

function parseSpec(spec: CsvColumnSpec): Column {
  const [name = '', rawType = ''] = spec.split(':');
  const optional = rawType.endsWith('?');
  return { name, type: (optional ? rawType.slice(0, -1) : rawType) as CsvColumnType, optional };
}

function decodeCell(col: Column, text: string): unknown {
  if (text === '' && col.optional) return undefined;
  switch (col.type) {
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        return text; // the schema reports it as the wrong type, with its path
      }
    case 'number':
      return text.trim() === '' ? text : Number.isNaN(Number(text)) ? text : Number(text);
    case 'string':
      return text;
  }
}

export function defineCsvRecord<T extends object>(
  name: string,
  schema: z.ZodType<T>,
  specs: readonly CsvColumnSpec[],
): CsvRecordKind<T> {
  const cols = specs.map(parseSpec);
  return {
    name,
    schema,
    columns: cols.map((c) => c.name),
    toCells(record: T): (string | number)[] {
      const r = record as Record<string, unknown>;
      return cols.map((c) => {
        const v = r[c.name];
        if (v === undefined) return '';
        if (c.type === 'json') return JSON.stringify(v);
        return typeof v === 'number' ? v : String(v);
      });
    },
    fromCells(cells, where): T {
      const obj: Record<string, unknown> = {};
      for (const c of cols) {
        const text = cells[c.name];
        if (text === undefined) continue;
        const v = decodeCell(c, text);
        if (v !== undefined) obj[c.name] = v;
      }
      const parsed = schema.safeParse(obj);
      if (parsed.success) return parsed.data;
      const file = where === undefined ? '<input>' : `${where.file}:${where.line}`;
      throw new InputValidationError(
        'RECORD_INVALID',
        parsed.error.issues.map((i) => ({
          file,
          path: i.path.map(String).join('.'),
          message: `${name}: ${i.message}`,
        })),
        { cause: parsed.error },
      );
    },
  };
}
