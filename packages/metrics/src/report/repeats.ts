/**
 * A scenario's repeats (one metrics row per repeat, same configuration, trace
 * seeds derived from the workload's) folded for the figures: the mean row the
 * bars and the table show, and a column's mean with its 95 % t-interval.
 */
import type { MetricsRow } from '@tasmoe/schemas';
import { meanCi95, type MeanCi } from '../ci.js';

/** Numeric columns averaged over the rows that have them (an empty cell is no value); text columns from the first row. */
export function meanRow(rows: readonly MetricsRow[]): MetricsRow {
  const first = rows[0];
  if (first === undefined) throw new RangeError('meanRow: no rows');
  if (rows.length === 1) return first;
  const out: Record<string, unknown> = { ...first };
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  for (const k of keys) {
    const ci = columnCi(rows, k);
    if (ci !== undefined) out[k] = ci.mean;
    else if (typeof first[k] === 'number') delete out[k];
  }
  return out as MetricsRow;
}

/** Mean and 95 % interval of one numeric column over the repeats; undefined when no row has a number there. */
export function columnCi(rows: readonly MetricsRow[], column: string): MeanCi | undefined {
  const values = rows.map((r) => r[column]).filter((v): v is number => typeof v === 'number');
  return meanCi95(values);
}
