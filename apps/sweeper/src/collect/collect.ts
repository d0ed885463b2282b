/**
 * Merge every point's metrics CSVs into one table: point id, axis values,
 * repeat, seed, then the metrics columns (the ten seed columns first, then
 * extras in first-seen order). Values are copied as the runner wrote them, so
 * the same sweep gives the same bytes whichever executor ran it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { METRICS_COLUMNS } from '@tasmoe/schemas';
import { metricsCsvPath, pointDir } from '../store/layout.js';
import { isPointComplete, readPointRecord } from '../store/point-record.js';
import type { SweepPoint } from '../sweep/point.js';

export interface MissingPoint {
  readonly point: SweepPoint;
  readonly state: 'not run' | 'running' | 'failed' | 'stale' | 'bad output';
  readonly message?: string;
}

export interface CollectedSweep {
  readonly columns: readonly string[];
  readonly axisColumns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
  readonly missing: readonly MissingPoint[];
}

export const POINT_COLUMNS = ['point_id', 'repeat', 'seed'] as const;

export function axisCell(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function missingState(dir: string, point: SweepPoint): MissingPoint {
  const rec = readPointRecord(dir);
  if (rec === undefined) return { point, state: 'not run' };
  if (rec.hash !== point.hash) return { point, state: 'stale', message: 'point.json is for other configs' };
  if (rec.status === 'failed') return { point, state: 'failed', message: rec.error?.message ?? '' };
  if (rec.status === 'running') return { point, state: 'running' };
  return { point, state: 'bad output', message: 'a scenario CSV is missing' };
}

export function collectSweep(
  points: readonly SweepPoint[],
  sweepFolder: string,
  axisPaths: readonly string[],
): CollectedSweep {
  const rows: Record<string, string>[] = [];
  const missing: MissingPoint[] = [];
  const metricCols: string[] = [...METRICS_COLUMNS];
  const known = new Set(metricCols);
  for (const point of points) {
    const dir = pointDir(sweepFolder, point.id);
    if (!isPointComplete(dir, point)) {
      missing.push(missingState(dir, point));
      continue;
    }
    const pointRows: Record<string, string>[] = [];
    let bad: string | undefined;
    for (const scenario of point.scenarios) {
      const file = metricsCsvPath(dir, scenario, point.workloadName);
      const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
        string,
        string
      >[];
      const absent = METRICS_COLUMNS.filter((c) => records[0]?.[c] === undefined);
      if (records.length === 0 || absent.length > 0) {
        bad = `${path.relative(dir, file)} has ${records.length === 0 ? 'no row' : `no ${absent.join(', ')}`}`;
        break;
      }
      for (const r of records) {
        for (const c of Object.keys(r)) {
          if (!known.has(c)) {
            known.add(c);
            metricCols.push(c);
          }
        }
        const row: Record<string, string> = {
          point_id: point.id,
          repeat: String(point.repeat),
          seed: String(point.seed),
        };
        for (const a of axisPaths) row[a] = axisCell(point.axes[a]);
        pointRows.push(Object.assign(row, r));
      }
    }
    if (bad === undefined) rows.push(...pointRows);
    else missing.push({ point, state: 'bad output', message: bad });
  }
  const columns = [POINT_COLUMNS[0], ...axisPaths, POINT_COLUMNS[1], POINT_COLUMNS[2], ...metricCols];
  return { columns, axisColumns: axisPaths, rows, missing };
}

export function sweepCsv(c: CollectedSweep): string {
  return stringify(
    c.rows.map((r) => c.columns.map((k) => r[k] ?? '')),
    { header: true, columns: [...c.columns] },
  );
}
