/**
 * `collect --redis`: for points missing from this machine's results folder
 * (workers wrote them elsewhere), write the metrics CSVs that completed jobs
 * returned through Redis, with a point.json marked `source: "redis"`. Only the
 * metrics CSVs come this way; window series, logs and frames stay where the
 * worker wrote them.
 */
import { Queue } from 'bullmq';
import { writeFileAtomic } from '@tasmoe/experiment';
import { metricsCsvPath, pointDir } from '../store/layout.js';
import { isPointComplete, pointRecord, writePointRecord } from '../store/point-record.js';
import { claimStaging, discardStaging, publishStaging } from '../store/staging.js';
import type { SweepPoint } from '../sweep/point.js';
import { DEFAULT_QUEUE, jobIdOf, type PointJobData, type PointJobResult } from './job.js';
import { redisConnection } from './submit.js';

export async function materializeFromRedis(
  points: readonly SweepPoint[],
  sweepFolder: string,
  opts: { redisUrl: string; queue?: string },
): Promise<{ materialized: number }> {
  const queue = new Queue<PointJobData, PointJobResult>(opts.queue ?? DEFAULT_QUEUE, {
    connection: redisConnection(opts.redisUrl),
  });
  let materialized = 0;
  try {
    for (const p of points) {
      if (isPointComplete(pointDir(sweepFolder, p.id), p)) continue;
      const job = await queue.getJob(jobIdOf(p));
      const result = job?.returnvalue;
      if (job === undefined || result === undefined || result === null || result.hash !== p.hash) continue;
      if (!p.scenarios.every((s) => typeof result.metrics[s] === 'string')) continue;
      const staging = claimStaging(sweepFolder, p.id, false);
      try {
        for (const s of p.scenarios)
          writeFileAtomic(metricsCsvPath(staging.dir, s, p.workloadName), result.metrics[s] ?? '');
        const finished = job.finishedOn === undefined ? undefined : new Date(job.finishedOn);
        writePointRecord(
          staging.dir,
          pointRecord(p, {
            status: 'complete',
            worker: result.worker,
            source: 'redis',
            ...(finished === undefined ? {} : { finishedAt: finished }),
          }),
        );
        publishStaging(sweepFolder, staging.dir, p);
        materialized++;
      } catch (err) {
        discardStaging(staging.dir);
        throw err;
      }
    }
  } finally {
    await queue.close();
  }
  return { materialized };
}
