import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvTable } from './csv-table.js';

const cell = fc.stringMatching(/^[ \t]?[A-Za-z0-9_.+-]{0,6}[ \t]?$/);

describe('parseCsvTable', () => {
  it('reads unquoted files exactly as csv-parse does (skip empty lines, trim), whatever the line endings (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 2, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        (w, rows, crlf, blank) => {
          const eol = crlf ? '\r\n' : '\n';
          const header = Array.from({ length: w }, (_, i) => `c${i}`).join(',');
          const lines = [header, ...rows.map((r) => r.slice(0, w).join(','))];
          if (lines.some((l) => l.trim() === '')) return; // a blank-looking line is a record for csv-parse, not worth mimicking
          const text = lines.join(eol) + (blank ? `${eol}${eol}` : eol);
          const expected = parse(text, { skip_empty_lines: true, trim: true }) as string[][];
          const t = parseCsvTable(text, 'f.csv');
          expect([t.header, ...t.rows]).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('still reads quoted fields (commas and line breaks inside quotes) with the general parser', () => {
    const t = parseCsvTable('a,b\n"x,y","multi\nline"\n', 'q.csv');
    expect(t.rows).toEqual([['x,y', 'multi\nline']]);
  });

  it('rejects a row with a different number of cells, naming the file', () => {
    expect(() => parseCsvTable('a,b\n1,2\n3\n', 'bad.csv')).toThrow(/bad\.csv: not a valid CSV file/);
    expect(() => parseCsvTable('a,b\n"1",2\n3\n', 'bad.csv')).toThrow(/bad\.csv: not a valid CSV file/);
  });
});
