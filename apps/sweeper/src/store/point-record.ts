/**
 * point.json: what a point is (axes, hash, configs) and how its run went.
 * Written atomically and last: a point is complete only when point.json says
 * so, its hash matches, and every scenario's metrics CSV is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ScenarioSchema } from '@tasmoe/schemas';
import type { RecordedError } from '../errors.js';
import type { SweepPoint } from '../sweep/point.js';
import { writeFileAtomic } from '@tasmoe/experiment';
import { metricsCsvPath, POINT_RECORD_FILE } from './layout.js';

export const POINT_STATUSES = ['running', 'complete', 'failed'] as const;
export type PointStatus = (typeof POINT_STATUSES)[number];

const RecordedErrorSchema = z.object({
  name: z.string(),
  code: z.string().optional(),
  message: z.string(),
  stack: z.string().optional(),
});

export const PointRecordSchema = z.looseObject({
  format: z.literal(1),
  sweep: z.string(),
  id: z.string(),
  hash: z.string(),
  index: z.number().int().nonnegative(),
  axes: z.record(z.string(), z.unknown()),
  repeat: z.number().int().nonnegative(),
  seed: z.number().int(),
  scenarios: z.array(ScenarioSchema),
  workload: z.string(),
  status: z.enum(POINT_STATUSES),
  error: RecordedErrorSchema.optional(),
  attempt: z.number().int().positive().optional(),
  worker: z.string().optional(),
  source: z.enum(['disk', 'redis']).optional(),
  started_at: z.string().optional(),
  finished_at: z.string().optional(),
  duration_ms: z.number().nonnegative().optional(),
  configs: z.unknown(),
});
export type PointRecord = z.output<typeof PointRecordSchema>;

export interface PointRunInfo {
  readonly status: PointStatus;
  readonly error?: RecordedError;
  readonly attempt?: number;
  readonly worker?: string;
  readonly source?: 'disk' | 'redis';
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
}

export function pointRecord(point: SweepPoint, info: PointRunInfo): PointRecord {
  return {
    format: 1,
    sweep: point.sweep,
    id: point.id,
    hash: point.hash,
    index: point.index,
    axes: { ...point.axes },
    repeat: point.repeat,
    seed: point.seed,
    scenarios: [...point.scenarios],
    workload: point.workloadName,
    status: info.status,
    ...(info.error === undefined ? {} : { error: info.error }),
    ...(info.attempt === undefined ? {} : { attempt: info.attempt }),
    ...(info.worker === undefined ? {} : { worker: info.worker }),
    ...(info.source === undefined ? {} : { source: info.source }),
    ...(info.startedAt === undefined ? {} : { started_at: info.startedAt.toISOString() }),
    ...(info.finishedAt === undefined ? {} : { finished_at: info.finishedAt.toISOString() }),
    ...(info.startedAt !== undefined && info.finishedAt !== undefined
      ? { duration_ms: info.finishedAt.getTime() - info.startedAt.getTime() }
      : {}),
    configs: point.configs,
  };
}

export function writePointRecord(dir: string, record: PointRecord): void {
  writeFileAtomic(path.join(dir, POINT_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The point.json of a folder, or undefined if absent or unreadable (a torn folder counts as not run). */
export function readPointRecord(dir: string): PointRecord | undefined {
  const file = path.join(dir, POINT_RECORD_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = PointRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Scenarios of `point` whose metrics CSV is missing in `dir`. */
export function missingScenarioOutputs(dir: string, point: Pick<SweepPoint, 'scenarios' | 'workloadName'>): string[] {
  return point.scenarios.filter((s) => !existsSync(metricsCsvPath(dir, s, point.workloadName)));
}

/** Complete for this point: recorded complete, same hash, and every requested scenario's metrics CSV present. */
export function isPointComplete(dir: string, point: Pick<SweepPoint, 'hash' | 'scenarios' | 'workloadName'>): boolean {
  const rec = readPointRecord(dir);
  return (
    rec !== undefined &&
    rec.status === 'complete' &&
    rec.hash === point.hash &&
    missingScenarioOutputs(dir, point).length === 0
  );
}
