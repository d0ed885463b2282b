/**
 * The distributed executor against a real Redis (a redis-server this test
 * starts on 127.0.0.1; .ci/run installs Debian's). Worker processes are the
 * real bin under tsx, as `pnpm sweeper worker` runs them.
 */
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSweepText } from '@tasmoe/schemas';
import { writeCollectedSweep } from '../collect/write-collect.js';
import { inlineExecutor } from '../exec/inline-executor.js';
import { runSweep } from '../exec/run-sweep.js';
import { loadRunner } from '../runner/point-runner.js';
import { pointDir, sweepDir } from '../store/layout.js';
import { readPointRecord } from '../store/point-record.js';
import { expandSweep } from '../sweep/expand.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { sweeperChild, until, type SweeperChild } from '../testing/child.js';
import { FAKE_RUNNER, tempDir, TINY_SWEEP } from '../testing/fixtures.js';
import { hasRedisServer, startRedis, type TestRedis } from '../testing/redis-server.js';
import { jobIdOf, type PointJobData, type PointJobResult } from './job.js';
import { materializeFromRedis } from './materialize.js';
import { startPointWorker, type WorkerEvent } from './point-worker.js';
import { redisConnection, submitSweep } from './submit.js';

const sweep = loadSweep(TINY_SWEEP);
const axes = Object.keys(sweep.spec.axes);
const FAKE = fileURLToPath(FAKE_RUNNER.module);

const HAS_REDIS = hasRedisServer();
// vitest reports a skipped suite without its reason: say it
if (!HAS_REDIS)
  console.warn(
    'distributed executor tests skipped: redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)',
  );

describe.skipIf(!HAS_REDIS)(
  `distributed executor (BullMQ on a real Redis)${HAS_REDIS ? '' : ' (SKIPPED: redis-server not installed)'}`,
  () => {
    let redis: TestRedis;
    const cleanups: (() => unknown)[] = [];
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
      await redis.stop();
    });

    function folder(): string {
      const t = tempDir('dist');
      cleanups.push(t.cleanup);
      return t.dir;
    }

    function queueOf(name: string): Queue<PointJobData, PointJobResult> {
      const q = new Queue<PointJobData, PointJobResult>(name, { connection: redisConnection(redis.url) });
      cleanups.push(() => q.close());
      return q;
    }

    it('two worker processes share a sweep; one is killed mid-job and its job completes on the other; the CSV equals the local one', async () => {
      const dir = folder();
      const queue = 'share';
      const workerArgs = [
        'worker',
        '--redis',
        redis.url,
        '--queue',
        queue,
        '--out',
        dir,
        '--concurrency',
        '1',
        '--runner',
        FAKE,
        '--lock-duration',
        '2000',
        '--stalled-interval',
        '1000',
      ];
      // 500 ms per scenario: a point takes 1 s, long enough to be killed in the middle of.
      const env = { TASMOE_FAKE_RUNNER_DELAY_MS: '500' };
      const a = sweeperChild(workerArgs, dir, env);
      const b = sweeperChild(workerArgs, dir, env);
      const children: SweeperChild[] = [a, b];
      cleanups.push(() => children.forEach((c) => c.kill('SIGKILL')));
      await until(
        () => /^worker .* on share/m.test(a.stderr()) && /^worker .* on share/m.test(b.stderr()),
        30_000,
        'workers ready',
      );

      const submitted = await submitSweep(sweep.points, {
        redisUrl: redis.url,
        queue,
        attempts: 3,
        backoffMs: 100,
        sweepFolder: sweepDir(dir, sweep.spec.name),
      });
      expect(submitted).toMatchObject({ total: 4, added: 4, alreadyComplete: 0 });

      await until(() => / start$/m.test(a.stderr()), 20_000, 'worker A to take a job');
      const killedJob = / (\S+) start$/m.exec(a.stderr())?.[1] ?? '';
      a.kill('SIGKILL');
      expect(await a.code).toBe(null);
      expect(a.stderr()).not.toMatch(new RegExp(`${killedJob} done`));

      const q = queueOf(queue);
      await until(async () => (await q.getJobCounts('completed')).completed === 4, 40_000, 'all four points completed');
      const job = await q.getJob(killedJob);
      expect(job?.returnvalue?.worker).toBe(`${hostname()}:${b.pid}`);
      expect(a.stderr()).toMatch(new RegExp(`^worker ${hostname()}:${a.pid} on share`, 'm'));
      expect(b.stderr()).toMatch(new RegExp(`${killedJob} stalled`));
      const id = killedJob.split('/')[1] ?? '';
      expect(readPointRecord(pointDir(sweepDir(dir, sweep.spec.name), id))).toMatchObject({
        status: 'complete',
        worker: `${hostname()}:${b.pid}`,
      });

      // Resubmitting is harmless: every job id already exists.
      const again = await submitSweep(sweep.points, { redisUrl: redis.url, queue });
      expect(again).toMatchObject({ added: 0, alreadyQueued: { completed: 4 } });

      // The same sweep on the local executor gives the same bytes.
      const local = folder();
      await runSweep(sweep.points, {
        sweepFolder: sweepDir(local, sweep.spec.name),
        executor: inlineExecutor(await loadRunner(FAKE_RUNNER), 2),
      });
      const localCsv = readFileSync(
        (await writeCollectedSweep(sweep.points, sweepDir(local, sweep.spec.name), axes, { plots: false })).csvFile,
        'utf8',
      );
      const distCsv = readFileSync(
        (await writeCollectedSweep(sweep.points, sweepDir(dir, sweep.spec.name), axes, { plots: false })).csvFile,
        'utf8',
      );
      expect(distCsv).toBe(localCsv);
      expect(distCsv.trim().split('\n')).toHaveLength(9);

      // Where workers' folders are not shared, collect --redis materialises the metrics that jobs returned.
      const elsewhere = sweepDir(folder(), sweep.spec.name);
      expect(await materializeFromRedis(sweep.points, elsewhere, { redisUrl: redis.url, queue })).toEqual({
        materialized: 4,
      });
      const fromRedis = readFileSync(
        (await writeCollectedSweep(sweep.points, elsewhere, axes, { plots: false })).csvFile,
        'utf8',
      );
      expect(fromRedis).toBe(localCsv);
      rmSync(pointDir(elsewhere, id), { recursive: true });
      expect(await materializeFromRedis(sweep.points, elsewhere, { redisUrl: redis.url, queue })).toEqual({
        materialized: 1,
      });

      b.kill('SIGTERM');
      expect(await b.code).toBe(0);
    }, 90_000);

    it('a failing point is retried with backoff, then recorded failed; unreadable job data is not retried', async () => {
      const dir = folder();
      const queue = 'retry';
      const spec = parseSweepText('name: failing\naxes:\n  workload.model: [fail-model]\nscenarios: [tas]\n');
      const points = expandSweep(spec, sweep.base);
      const events: WorkerEvent[] = [];
      const w = await startPointWorker({
        redisUrl: redis.url,
        queue,
        outRoot: dir,
        executor: inlineExecutor(await loadRunner(FAKE_RUNNER), 1),
        onEvent: (e) => events.push(e),
      });
      cleanups.push(() => w.close());
      await submitSweep(points, { redisUrl: redis.url, queue, attempts: 3, backoffMs: 150 });
      const q = queueOf(queue);
      const t0 = Date.now();
      await until(async () => (await q.getJobCounts('failed')).failed === 1, 20_000, 'the job to fail for good');
      const elapsed = Date.now() - t0;
      const p = points[0];
      if (p === undefined) throw new Error('no point');
      const job = await q.getJob(jobIdOf(p));
      expect(job?.attemptsMade).toBe(3);
      expect(job?.failedReason).toMatch(/fails on purpose/);
      // Exponential backoff: 150 + 300 ms between the three attempts.
      expect(elapsed).toBeGreaterThanOrEqual(400);
      expect(events.filter((e) => e.type === 'failed').map((e) => (e.type === 'failed' ? e.final : undefined))).toEqual(
        [false, false, true],
      );
      const rec = readPointRecord(pointDir(sweepDir(dir, 'failing'), p.id));
      expect(rec).toMatchObject({
        status: 'failed',
        attempt: 3,
        error: { message: expect.stringMatching(/fails on purpose/) },
      });

      // --retry-failed puts it back.
      const retried = await submitSweep(points, { redisUrl: redis.url, queue, retryFailed: true });
      expect(retried).toMatchObject({ added: 0, retried: 1 });

      const bogus = await q.add('point', { format: 1, point: { sweep: 'x' } } as unknown as PointJobData, {
        jobId: 'x/bogus',
        attempts: 3,
      });
      await until(async () => (await bogus.getState()) === 'failed', 20_000, 'the bogus job to fail');
      const failed = await q.getJob('x/bogus');
      expect(failed?.attemptsMade).toBe(1);
      expect(failed?.failedReason).toMatch(/job data is not a sweep point/);
    }, 60_000);
  },
);
