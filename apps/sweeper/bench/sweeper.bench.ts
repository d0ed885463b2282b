/**
 * Sweeper speed (issue 11 targets):
 *  1. local executor throughput, points/minute with 1 and 2 worker threads on a
 *     tiny sweep (should scale with cores);
 *  2. the distributed path's overhead per point with a no-op runner
 *     (target < 50 ms): BullMQ on a redis-server this bench starts on 127.0.0.1.
 *
 * Runner for 1: the real one (runAll of @tasmoe/experiment) on a tiny config when it
 * exists, else the fake runner burning 600 ms of CPU per scenario (a CPU-bound
 * stand-in). Force with SWEEPER_BENCH_RUNNER=real|fake.
 * Run: cd apps/sweeper && pnpm bench
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { parseSweepText, type SweepSpec } from '@tasmoe/schemas';
import { startPointWorker } from '../src/distributed/point-worker.js';
import { redisConnection, submitSweep } from '../src/distributed/submit.js';
import type { PointExecutor } from '../src/exec/executor.js';
import { inlineExecutor } from '../src/exec/inline-executor.js';
import { runSweep } from '../src/exec/run-sweep.js';
import { threadPoolExecutor } from '../src/exec/thread-pool.js';
import { defaultRunnerRef, loadRunner, runnerRefFrom, type RunnerRef } from '../src/runner/point-runner.js';
import { expandSweep } from '../src/sweep/expand.js';
import { loadSweep } from '../src/sweep/load-sweep.js';
import type { SweepPoint } from '../src/sweep/point.js';
import { FAKE_RUNNER, tempDir, TINY_SWEEP } from '../src/testing/fixtures.js';
import { hasRedisServer, startRedis } from '../src/testing/redis-server.js';

const NOOP_RUNNER: RunnerRef = runnerRefFrom(
  path.resolve(import.meta.dirname, '..', 'src', 'testing', 'noop-runner.ts'),
);
const base = loadSweep(TINY_SWEEP).base;

async function realRunnerAvailable(): Promise<boolean> {
  const experiment = (await import('@tasmoe/experiment')) as Record<string, unknown>;
  return typeof experiment.runAll === 'function';
}

function points(yaml: string): { spec: SweepSpec; points: SweepPoint[] } {
  const spec = parseSweepText(yaml);
  return { spec, points: expandSweep(spec, base) };
}

async function timeSweep(pts: readonly SweepPoint[], executor: PointExecutor): Promise<number> {
  const t = tempDir('bench');
  try {
    const t0 = performance.now();
    const s = await runSweep(pts, { sweepFolder: t.dir, executor });
    const ms = performance.now() - t0;
    if (s.completed !== pts.length)
      throw new Error(
        `only ${s.completed}/${pts.length} points completed: ${JSON.stringify(s.outcomes.find((o) => o.error)?.error)}`,
      );
    return ms;
  } finally {
    await executor.close();
    t.cleanup();
  }
}

async function localThroughput(): Promise<void> {
  const mode = process.env.SWEEPER_BENCH_RUNNER ?? ((await realRunnerAvailable()) ? 'real' : 'fake');
  const sweep =
    mode === 'real'
      ? points(
          'name: bench-real\nscenarios: [baseline, tas]\naxes:\n  tas.tacs.thresholds.Thot: [68, 72, 76]\n  workload.routing.zipf_s: [0.8, 1.2]\n  workload.sequence.steps: [10]\n  workload.sequence.tokens: [256]\n',
        )
      : points(
          'name: bench-fake\nscenarios: [baseline, tas]\naxes:\n  tas.tacs.thresholds.Thot: [68, 72, 76]\n  workload.routing.zipf_s: [0.8, 1.2]\n',
        );
  const runner = mode === 'real' ? defaultRunnerRef() : FAKE_RUNNER;
  const env = { ...process.env, TASMOE_FAKE_RUNNER_BUSY_MS: '600' };
  console.log(
    `\n1. local executor throughput: ${sweep.points.length} points x ${sweep.spec.scenarios.length} scenarios, runner = ${mode === 'real' ? 'runAll (tiny config)' : 'fake, 600 ms CPU per scenario'}; ${availableParallelism()} cores`,
  );
  const rates: number[] = [];
  for (const workers of [1, 2]) {
    const ms = await timeSweep(sweep.points, threadPoolExecutor({ runner, size: workers, env }));
    const perMin = (sweep.points.length / ms) * 60_000;
    rates.push(perMin);
    console.log(
      `   ${workers} worker${workers > 1 ? 's' : ' '}: ${(ms / 1000).toFixed(2)} s wall, ${perMin.toFixed(1)} points/minute (incl. thread start-up)`,
    );
  }
  console.log(
    `   scaling 2 vs 1 workers: x${((rates[1] ?? 0) / (rates[0] ?? 1)).toFixed(2)} (ideal x2 on 2 free cores)`,
  );
}

async function distributedOverhead(): Promise<void> {
  const n = 200;
  const gammas = Array.from({ length: n }, (_, i) => (0.1 + i * 0.004).toFixed(3)).join(', ');
  const sweep = points(`name: bench-noop\nscenarios: [tas]\naxes:\n  tas.tacs.gamma: [${gammas}]\n`);
  console.log(`\n2. distributed overhead per point: ${n} points, no-op runner (writes one metrics CSV)`);
  const inlineMs = await timeSweep(sweep.points, inlineExecutor(await loadRunner(NOOP_RUNNER), 1));
  const poolMs = await timeSweep(sweep.points, threadPoolExecutor({ runner: NOOP_RUNNER, size: 1 }));
  console.log(`   local, main thread      : ${(inlineMs / n).toFixed(2)} ms/point (staging, point.json, publish)`);
  console.log(`   local, 1 worker thread  : ${(poolMs / n).toFixed(2)} ms/point`);
  if (!hasRedisServer()) {
    console.log('   redis-server not installed: distributed part skipped (apt-get install redis-server)');
    return;
  }
  const redis = await startRedis();
  try {
    for (const concurrency of [1, 2]) {
      const t = tempDir('bench-dist');
      const queueName = `bench-${concurrency}`;
      const worker = await startPointWorker({
        redisUrl: redis.url,
        queue: queueName,
        outRoot: t.dir,
        executor: threadPoolExecutor({ runner: NOOP_RUNNER, size: concurrency }),
        concurrency,
      });
      const queue = new Queue(queueName, { connection: redisConnection(redis.url) });
      try {
        const t0 = performance.now();
        const s = await submitSweep(sweep.points, { redisUrl: redis.url, queue: queueName });
        const submitMs = performance.now() - t0;
        while (((await queue.getJobCounts('completed')).completed ?? 0) < s.added)
          await new Promise((r) => setTimeout(r, 5));
        const ms = performance.now() - t0;
        const perPoint = ms / n;
        // With a no-op runner, the whole end-to-end time per point is the distributed path's overhead.
        console.log(
          `   Redis worker, ${concurrency} at once: ${perPoint.toFixed(2)} ms/point end to end (submit ${(submitMs / n).toFixed(2)} ms/point; ` +
            `${(perPoint - poolMs / n).toFixed(2)} ms/point more than the local thread pool) -> ${perPoint < 50 ? 'meets' : 'MISSES'} the < 50 ms target (x${(50 / perPoint).toFixed(1)} margin)`,
        );
      } finally {
        await queue.close();
        await worker.close();
        t.cleanup();
      }
    }
  } finally {
    await redis.stop();
  }
}

await localThroughput();
await distributedOverhead();
