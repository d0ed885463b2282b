/**
 * What travels through Redis. Job data: the whole point (resolved configs
 * included), validated again by the worker: configs through the config
 * schemas and the hash recomputed, so a worker with other defaults or another
 * version refuses a point instead of filing results under the wrong id.
 * Return value: the point's metrics CSVs (a few hundred bytes per scenario),
 * which `collect --redis` can materialise where the folder is not shared.
 */
import { z } from 'zod';
import { InputValidationError, resolveConfig, BuiltinScenarioSchema, SWEEP_NAME_PATTERN } from '@tasmoe/schemas';
import { SweeperError } from '../errors.js';
import type { PointConfigs, SweepPoint } from '../sweep/point.js';
import { pointHash } from '../sweep/point-id.js';

export const DEFAULT_QUEUE = 'tasmoe-sweeper';

/** BullMQ job ids may not contain ':'; a point id is namespaced by its sweep (two sweeps may share a configuration but not a folder). */
export function jobIdOf(point: Pick<SweepPoint, 'sweep' | 'id'>): string {
  return `${point.sweep}/${point.id}`;
}

export interface PointJobData {
  readonly format: 1;
  readonly point: SweepPoint;
}

export interface PointJobResult {
  readonly id: string;
  readonly hash: string;
  readonly status: 'complete' | 'duplicate' | 'skipped';
  readonly worker: string;
  readonly durationMs: number;
  /** scenario -> metrics CSV text of <scenario>/<workload>.csv. */
  readonly metrics: Readonly<Record<string, string>>;
}

const JobDataSchema = z.object({
  format: z.literal(1),
  point: z.object({
    sweep: z.string().regex(SWEEP_NAME_PATTERN),
    index: z.number().int().nonnegative(),
    id: z.string().regex(/^[0-9a-f]{16}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    axes: z.record(z.string(), z.unknown()),
    repeat: z.number().int().nonnegative(),
    seed: z.number().int(),
    scenarios: z.array(BuiltinScenarioSchema).min(1),
    workloadName: z
      .string()
      .min(1)
      .regex(/^[^/\\]+$/, 'a file name'),
    configs: z.object({ arch: z.unknown(), workload: z.unknown(), tas: z.unknown() }),
  }),
});

export function pointJobData(point: SweepPoint): PointJobData {
  return { format: 1, point };
}

export function parsePointJobData(data: unknown): SweepPoint {
  const parsed = JobDataSchema.safeParse(data);
  if (!parsed.success)
    throw new SweeperError(
      'JOB_INVALID',
      `job data is not a sweep point: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const p = parsed.data.point;
  let configs: PointConfigs;
  try {
    configs = {
      arch: resolveConfig('arch', p.configs.arch, 'job'),
      workload: resolveConfig('workload', p.configs.workload, 'job'),
      tas: resolveConfig('tas', p.configs.tas, 'job'),
    };
  } catch (err) {
    if (err instanceof InputValidationError)
      throw new SweeperError('JOB_INVALID', `the point's configs do not validate on this worker: ${err.message}`, {
        cause: err,
      });
    throw err;
  }
  const { hash } = pointHash(configs);
  if (hash !== p.hash) {
    throw new SweeperError(
      'POINT_HASH_MISMATCH',
      `point ${p.id}: its configs hash to ${hash.slice(0, 16)} on this worker (a different version of the configs schemas?)`,
    );
  }
  return { ...p, configs };
}
