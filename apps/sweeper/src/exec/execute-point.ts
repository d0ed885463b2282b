/**
 * Run one point, whatever executes it (thread pool, inline, Redis worker):
 * skip it if complete, run it in a staging folder, check the outputs, write
 * point.json (complete or failed, last), publish by rename. A failure is a
 * recorded outcome, never a throw, so a sweep goes on past it.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { recordError, SweeperError, type RecordedError } from '../errors.js';
import type { PointRunner } from '../runner/point-runner.js';
import { metricsCsvPath, pointDir } from '../store/layout.js';
import { isPointComplete, missingScenarioOutputs, pointRecord, writePointRecord } from '../store/point-record.js';
import { claimStaging, discardStaging, publishStaging } from '../store/staging.js';
import type { SweepPoint } from '../sweep/point.js';

export interface ExecutePointOptions {
  readonly sweepFolder: string;
  readonly signal: AbortSignal;
  /** Take over a staging folder left by an interrupted run of this point (local executor; run-all then resumes finished scenarios). */
  readonly reusePartial: boolean;
  /** Run even if the point is complete, and replace it. */
  readonly force?: boolean;
  readonly attempt?: number;
  /** Who ran it, recorded in point.json. */
  readonly worker?: string;
}

export type PointOutcomeStatus = 'complete' | 'skipped' | 'duplicate' | 'failed' | 'aborted';

export interface PointOutcome {
  readonly id: string;
  readonly index: number;
  readonly status: PointOutcomeStatus;
  readonly durationMs: number;
  readonly error?: RecordedError;
  /** Resumed inside a staging folder an interrupted run left. */
  readonly resumed?: boolean;
}

export function defaultWorkerName(): string {
  return `${hostname()}:${process.pid}`;
}

export async function executePoint(
  point: SweepPoint,
  runner: PointRunner,
  opts: ExecutePointOptions,
): Promise<PointOutcome> {
  const t0 = Date.now();
  const base = { id: point.id, index: point.index };
  if (opts.force !== true && isPointComplete(pointDir(opts.sweepFolder, point.id), point)) {
    return { ...base, status: 'skipped', durationMs: 0 };
  }
  if (opts.signal.aborted) return { ...base, status: 'aborted', durationMs: 0 };
  const startedAt = new Date();
  const info = {
    worker: opts.worker ?? defaultWorkerName(),
    ...(opts.attempt === undefined ? {} : { attempt: opts.attempt }),
    startedAt,
  };
  const staging = claimStaging(opts.sweepFolder, point.id, opts.reusePartial && opts.force !== true);
  const resumed = staging.reused ? { resumed: true } : {};
  writePointRecord(staging.dir, pointRecord(point, { status: 'running', ...info }));
  let failure: unknown;
  try {
    await runner(point, staging.dir, opts.signal);
    const missing = missingScenarioOutputs(staging.dir, point);
    if (missing.length > 0) {
      failure = new SweeperError(
        'RUNNER_OUTPUT_MISSING',
        `the runner returned without the metrics CSV of ${missing.join(', ')} (${missing.map((s) => path.relative(staging.dir, metricsCsvPath(staging.dir, s, point.workloadName))).join(', ')})`,
      );
    }
  } catch (err) {
    if (opts.signal.aborted) {
      // Interrupted, not failed: leave the partial run for the next start (or drop it when it will not be reused).
      if (!opts.reusePartial) discardStaging(staging.dir);
      return { ...base, status: 'aborted', durationMs: Date.now() - t0, ...resumed };
    }
    failure = err;
  }
  const finishedAt = new Date();
  if (failure !== undefined) {
    const error = recordError(failure);
    writePointRecord(staging.dir, pointRecord(point, { status: 'failed', error, ...info, finishedAt }));
    publishStaging(opts.sweepFolder, staging.dir, point);
    return { ...base, status: 'failed', durationMs: Date.now() - t0, error, ...resumed };
  }
  writePointRecord(staging.dir, pointRecord(point, { status: 'complete', ...info, finishedAt }));
  const published = publishStaging(opts.sweepFolder, staging.dir, point, { replaceComplete: opts.force === true });
  return {
    ...base,
    status: published === 'published' ? 'complete' : 'duplicate',
    durationMs: Date.now() - t0,
    ...resumed,
  };
}
