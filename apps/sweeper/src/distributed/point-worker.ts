/**
 * A Redis worker: takes points off the BullMQ queue and runs them on this
 * machine's thread pool, writing results into its results folder (shared
 * between machines, e.g. NFS; see README). Points run in threads so the main
 * thread always renews BullMQ's job locks: a busy worker is never mistaken for
 * a dead one, while a dead worker's lock expires after `lockDurationMs` and
 * another worker's stalled check takes the job over.
 */
import { readFileSync } from 'node:fs';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { SweeperError } from '../errors.js';
import { defaultWorkerName } from '../exec/execute-point.js';
import type { PointExecutor } from '../exec/executor.js';
import { metricsCsvPath, pointDir, sweepDir } from '../store/layout.js';
import { DEFAULT_QUEUE, parsePointJobData, type PointJobData, type PointJobResult } from './job.js';
import { redisConnection } from './submit.js';

export interface PointWorkerOptions {
  readonly redisUrl: string;
  readonly queue?: string;
  /** Results root: points land in <outRoot>/<sweep>/points/<id>/. */
  readonly outRoot: string;
  readonly executor: PointExecutor;
  /** Jobs at once; default executor.size. */
  readonly concurrency?: number;
  /** BullMQ lock: a job whose worker stops renewing it for this long is stalled. Default 30 s. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Stalls before a job fails for good. Default 2. */
  readonly maxStalledCount?: number;
  readonly name?: string;
  readonly onEvent?: (e: WorkerEvent) => void;
}

export type WorkerEvent =
  | { readonly type: 'start' | 'done'; readonly jobId: string; readonly status?: string; readonly durationMs?: number }
  | {
      readonly type: 'failed';
      readonly jobId: string;
      readonly message: string;
      readonly attempt: number;
      readonly final: boolean;
    }
  | { readonly type: 'stalled'; readonly jobId: string }
  | { readonly type: 'error'; readonly message: string };

export interface RunningPointWorker {
  /** host:pid, recorded in point.json and the job's return value. */
  readonly name: string;
  readonly worker: Worker<PointJobData, PointJobResult>;
  /** Finish running jobs, then stop (force: stop now; the jobs stall and are taken over). */
  close(force?: boolean): Promise<void>;
}

function readMetrics(dir: string, scenarios: readonly string[], workloadName: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of scenarios) out[s] = readFileSync(metricsCsvPath(dir, s, workloadName), 'utf8');
  return out;
}

export async function startPointWorker(opts: PointWorkerOptions): Promise<RunningPointWorker> {
  const name = opts.name ?? defaultWorkerName();
  const emit = opts.onEvent ?? (() => undefined);
  const aborts = new Set<AbortController>();
  const processor = async (
    job: Job<PointJobData, PointJobResult>,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<PointJobResult> => {
    const jobId = job.id ?? '?';
    let point: ReturnType<typeof parsePointJobData>;
    try {
      point = parsePointJobData(job.data);
    } catch (err) {
      // Retrying cannot fix a point this worker cannot read.
      throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    }
    emit({ type: 'start', jobId });
    const ac = new AbortController();
    aborts.add(ac);
    const onAbort = () => ac.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const sweepFolder = sweepDir(opts.outRoot, point.sweep);
      const outcome = await opts.executor.run(
        point,
        { sweepFolder, reusePartial: false, attempt: job.attemptsMade + 1, worker: name },
        ac.signal,
      );
      if (outcome.status === 'failed') throw new Error(outcome.error?.message ?? 'the point failed');
      if (outcome.status === 'aborted') throw new SweeperError('INTERRUPTED', 'the worker stopped while the point ran');
      emit({ type: 'done', jobId, status: outcome.status, durationMs: outcome.durationMs });
      return {
        id: point.id,
        hash: point.hash,
        status: outcome.status,
        worker: name,
        durationMs: outcome.durationMs,
        metrics: readMetrics(pointDir(sweepFolder, point.id), point.scenarios, point.workloadName),
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      aborts.delete(ac);
    }
  };
  const worker = new Worker<PointJobData, PointJobResult>(opts.queue ?? DEFAULT_QUEUE, processor, {
    connection: redisConnection(opts.redisUrl),
    concurrency: opts.concurrency ?? opts.executor.size,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    maxStalledCount: opts.maxStalledCount ?? 2,
    name,
  });
  worker.on('failed', (job, err) => {
    if (job === undefined) return;
    const attempts = job.opts.attempts ?? 1;
    emit({
      type: 'failed',
      jobId: job.id ?? '?',
      message: err.message,
      attempt: job.attemptsMade,
      final: job.attemptsMade >= attempts || err instanceof UnrecoverableError,
    });
  });
  worker.on('stalled', (jobId) => emit({ type: 'stalled', jobId }));
  worker.on('error', (err) => emit({ type: 'error', message: err.message }));
  await worker.waitUntilReady();
  return {
    name,
    worker,
    async close(force = false) {
      if (force) {
        for (const ac of aborts) ac.abort(new Error('worker stopped'));
        await opts.executor.terminate();
      }
      await worker.close(force);
      await opts.executor.close();
    },
  };
}
