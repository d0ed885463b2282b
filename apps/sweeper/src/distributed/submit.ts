/**
 * Enqueue a sweep's points on a BullMQ queue. Job id = <sweep>/<point id>, so
 * submitting twice adds nothing new (BullMQ ignores an existing id); retries
 * with exponential backoff are job options. Points already complete in the
 * given results folder are not enqueued.
 */
import { Queue } from 'bullmq';
import { pointDir } from '../store/layout.js';
import { isPointComplete } from '../store/point-record.js';
import { uniquePoints } from '../exec/run-sweep.js';
import type { SweepPoint } from '../sweep/point.js';
import { DEFAULT_QUEUE, jobIdOf, pointJobData, type PointJobData, type PointJobResult } from './job.js';

export interface SubmitOptions {
  readonly redisUrl: string;
  readonly queue?: string;
  /** Tries per point (1 = no retry). */
  readonly attempts?: number;
  /** First retry delay; doubles on each retry. */
  readonly backoffMs?: number;
  /** Skip points complete in this sweep folder (when the submitter sees the shared folder). */
  readonly sweepFolder?: string;
  /** Move points whose job failed for good back to the queue. */
  readonly retryFailed?: boolean;
}

export interface SubmitSummary {
  readonly total: number;
  readonly added: number;
  readonly alreadyComplete: number;
  /** Jobs already in the queue, by BullMQ state (duplicates are harmless). */
  readonly alreadyQueued: Readonly<Record<string, number>>;
  readonly retried: number;
}

export function redisConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

export async function submitSweep(points: readonly SweepPoint[], opts: SubmitOptions): Promise<SubmitSummary> {
  const queue = new Queue<PointJobData, PointJobResult>(opts.queue ?? DEFAULT_QUEUE, {
    connection: redisConnection(opts.redisUrl),
  });
  try {
    const unique = uniquePoints(points);
    const alreadyQueued: Record<string, number> = {};
    let alreadyComplete = 0;
    let retried = 0;
    const fresh: SweepPoint[] = [];
    for (const p of unique) {
      if (opts.sweepFolder !== undefined && isPointComplete(pointDir(opts.sweepFolder, p.id), p)) {
        alreadyComplete++;
        continue;
      }
      const job = await queue.getJob(jobIdOf(p));
      if (job === undefined) {
        fresh.push(p);
        continue;
      }
      const state = await job.getState();
      alreadyQueued[state] = (alreadyQueued[state] ?? 0) + 1;
      if (state === 'failed' && opts.retryFailed === true) {
        await job.retry('failed');
        retried++;
      }
    }
    await queue.addBulk(
      fresh.map((p) => ({
        name: 'point',
        data: pointJobData(p),
        opts: {
          jobId: jobIdOf(p),
          attempts: opts.attempts ?? 3,
          backoff: { type: 'exponential', delay: opts.backoffMs ?? 2000 },
          // Completed jobs keep their small return value (the metrics) for `collect --redis`.
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    return { total: unique.length, added: fresh.length, alreadyComplete, alreadyQueued, retried };
  } finally {
    await queue.close();
  }
}
