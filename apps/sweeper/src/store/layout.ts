/**
 * Where a sweep's files live:
 *   <root>/<name>/sweep.json                  manifest (spec + point list), written by run/submit
 *   <root>/<name>/points/<id>/point.json      point record (axes, hash, status, error)
 *   <root>/<name>/points/<id>/<scenario>/...  the run-all outputs of the point
 *   <root>/<name>/points/.staging/<id>.<tag>  a point being run (published by rename)
 *   <root>/<name>/sweep.csv, plots/           written by collect
 */
import path from 'node:path';
import { safeFileStem } from '@tasmoe/schemas';

export function sweepDir(root: string, name: string): string {
  return path.join(root, name);
}

export function pointsDir(sweepFolder: string): string {
  return path.join(sweepFolder, 'points');
}

export function pointDir(sweepFolder: string, id: string): string {
  return path.join(pointsDir(sweepFolder), id);
}

export function stagingRoot(sweepFolder: string): string {
  return path.join(pointsDir(sweepFolder), '.staging');
}

export function trashRoot(sweepFolder: string): string {
  return path.join(pointsDir(sweepFolder), '.trash');
}

/** The workload name enters the file name through safeFileStem, as in the runner (no separators, no ".."). */
export function metricsCsvPath(dir: string, scenario: string, workloadName: string): string {
  return path.join(dir, scenario, `${safeFileStem(workloadName)}.csv`);
}

export const POINT_RECORD_FILE = 'point.json';
export const MANIFEST_FILE = 'sweep.json';
export const SWEEP_CSV_FILE = 'sweep.csv';
export const PLOTS_DIR = 'plots';
