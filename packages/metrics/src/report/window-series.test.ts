import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWindowSeries } from './window-series.js';

const fixture = path.join(
  import.meta.dirname,
  '..',
  '__fixtures__',
  'results-small',
  'baseline',
  'mixtral-small.windows.csv',
);

/** The same file with every header cell quoted: forces the general (table) route. */
function quoted(text: string): string {
  const [header, ...rest] = text.split('\n');
  return [
    (header ?? '')
      .split(',')
      .map((h) => `"${h}"`)
      .join(','),
    ...rest,
  ].join('\n');
}

describe('parseWindowSeries', () => {
  const text = readFileSync(fixture, 'utf8');

  it('reads unquoted files line by line into the same columns as the general CSV route', () => {
    const fast = parseWindowSeries(text, 'w.csv');
    const general = parseWindowSeries(quoted(text), 'w.csv');
    expect(fast.length).toBeGreaterThan(3);
    expect(fast.length).toBe(general.length);
    for (const [c, col] of Object.entries(general.columns))
      expect(Array.from(fast.columns[c as keyof typeof fast.columns]), c).toEqual(Array.from(col));
    // CRLF line ends and trailing blank lines do not matter
    expect(parseWindowSeries(`${text.replaceAll('\n', '\r\n')}\r\n\r\n`, 'w.csv').columns.T_peak_logic).toEqual(
      fast.columns.T_peak_logic,
    );
  });

  it('names the file, line and column of a bad cell, a short row, a missing column', () => {
    const lines = text.trimEnd().split('\n');
    const header = (lines[0] ?? '').split(',');
    const col = header.indexOf('T_peak_logic');
    const row = (lines[2] ?? '').split(',');
    row[col] = 'hot';
    const badCell = [lines[0], lines[1], row.join(','), ...lines.slice(3)].join('\n');
    expect(() => parseWindowSeries(badCell, 'w.csv')).toThrow(
      /w\.csv: line 3, column "T_peak_logic": expected a finite number, got "hot"/,
    );
    const short = [lines[0], lines[1], row.slice(0, 3).join(','), ...lines.slice(3)].join('\n');
    expect(() => parseWindowSeries(short, 'w.csv')).toThrow(/w\.csv: not a valid CSV file/);
    const noCol = lines
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== col)
          .join(','),
      )
      .join('\n');
    expect(() => parseWindowSeries(noCol, 'w.csv')).toThrow(/missing column\(s\) "T_peak_logic"/);
    expect(() => parseWindowSeries(`${lines[0]}\n`, 'w.csv')).toThrow(/0 data row/);
  });
});
