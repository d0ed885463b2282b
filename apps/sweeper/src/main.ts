/**
 * The `tasmoe-sweeper` command (`pnpm sweeper ...` from the repo root):
 *   run SWEEP       all points on this machine (worker threads over all cores), resumable
 *   submit SWEEP    enqueue the points on Redis (BullMQ) for `worker`s on any machines
 *   worker          run queued points until stopped (one per machine)
 *   collect SWEEP   merge the points into sweep.csv and draw the sweep plots
 *   status SWEEP    which points are complete, failed, running or not run
 * Relative paths resolve against the folder the command was run from.
 * Each command loads what only it needs (BullMQ, vega) when it runs, so
 * worker processes and threads start fast.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_QUEUE } from './distributed/job.js';
import type { WorkerEvent } from './distributed/point-worker.js';
import type { PointExecutor } from './exec/executor.js';
import { inlineExecutor } from './exec/inline-executor.js';
import { runSweep } from './exec/run-sweep.js';
import { acquireSweepLock } from './exec/sweep-lock.js';
import { threadPoolExecutor } from './exec/thread-pool.js';
import { EXIT, configureProgram, processIo, resolveUserPath, runCommand, type Io } from '@tasmoe/experiment';
import { sweepProgress } from './progress.js';
import { defaultRunnerRef, loadRunner, runnerRefFrom, type RunnerRef } from './runner/point-runner.js';
import { sweepDir, pointDir } from './store/layout.js';
import { writeManifest } from './store/manifest.js';
import { isPointComplete, readPointRecord } from './store/point-record.js';
import { describeAxes } from './sweep/expand.js';
import { loadSweep, type LoadedSweep } from './sweep/load-sweep.js';

/** How the command hears Ctrl-C / SIGTERM; tests pass their own. */
export interface Interrupts {
  on(handler: (signal: string) => void): () => void;
}

export const processInterrupts: Interrupts = {
  on(handler) {
    const h = (sig: NodeJS.Signals) => handler(sig);
    process.on('SIGINT', h);
    process.on('SIGTERM', h);
    return () => {
      process.off('SIGINT', h);
      process.off('SIGTERM', h);
    };
  },
};

const DEFAULT_OUT = 'sweeps';

function intOption(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

function runnerRef(opt: string | undefined): RunnerRef {
  return opt === undefined ? defaultRunnerRef() : runnerRefFrom(resolveUserPath(opt));
}

async function makeExecutor(workers: number, ref: RunnerRef): Promise<PointExecutor> {
  return workers === 0 ? inlineExecutor(await loadRunner(ref), 1) : threadPoolExecutor({ runner: ref, size: workers });
}

function axisPaths(sweep: LoadedSweep): string[] {
  return Object.keys(sweep.spec.axes);
}

async function collectAndReport(sweep: LoadedSweep, folder: string, io: Io, plots: boolean): Promise<number> {
  const { writeCollectedSweep } = await import('./collect/write-collect.js');
  const out = await writeCollectedSweep(sweep.points, folder, axisPaths(sweep), { plots });
  io.out(
    `${out.csvFile}: ${out.collected.rows.length} rows from ${sweep.points.length - out.collected.missing.length}/${sweep.points.length} points`,
  );
  for (const f of out.plotFiles) io.out(f);
  for (const m of out.collected.missing.slice(0, 20)) {
    io.err(
      `missing: point ${m.point.index} ${m.point.id} ${m.state}${m.message === undefined ? '' : `: ${m.message}`} (${describeAxes(m.point.axes)})`,
    );
  }
  if (out.collected.missing.length > 20) io.err(`... and ${out.collected.missing.length - 20} more`);
  return out.collected.missing.length;
}

export function buildProgram(io: Io, interrupts: Interrupts, setExit: (code: number) => void): Command {
  const program = configureProgram(new Command('tasmoe-sweeper'), io).description(
    'TAS-MoE parameter sweeps: all local cores, or many machines through Redis (BullMQ)',
  );

  program
    .command('run')
    .description('run every point of a sweep here; resumes: complete points are skipped')
    .argument('<sweep>', 'sweep file (YAML)')
    .option('--out <dir>', 'results root: points go to <dir>/<name>/points/<id>/', DEFAULT_OUT)
    .option('--workers <n>', 'worker threads (0 = run on the main thread)', intOption(0), availableParallelism())
    .option('--runner <module>', 'ES module exporting runPoint(point, outDir, signal) (default: tasmoe run-all)')
    .option('--force', 're-run complete points too')
    .option('--no-collect', 'do not write sweep.csv and plots at the end')
    .action(
      async (file: string, o: { out: string; workers: number; runner?: string; force?: boolean; collect: boolean }) => {
        const sweep = loadSweep(resolveUserPath(file));
        const folder = sweepDir(resolveUserPath(o.out), sweep.spec.name);
        const lock = acquireSweepLock(folder);
        const stop = new AbortController();
        const abort = new AbortController();
        let executor: PointExecutor | undefined;
        let presses = 0;
        const off = interrupts.on(() => {
          presses++;
          if (presses === 1) {
            stop.abort();
            io.err(
              '\ninterrupted: no new points; waiting for the running ones (again to abort them, their partial runs resume next time)',
            );
          } else if (presses === 2) {
            abort.abort();
            io.err('\naborting the running points');
          } else void executor?.terminate();
        });
        try {
          writeManifest(folder, sweep);
          executor = await makeExecutor(o.workers, runnerRef(o.runner));
          const summary = await runSweep(sweep.points, {
            sweepFolder: folder,
            executor,
            ...(o.force === true ? { force: true } : {}),
            stop: stop.signal,
            abort: abort.signal,
            progress: sweepProgress(io),
          });
          await executor.close();
          for (const f of summary.outcomes.filter((x) => x.status === 'failed')) {
            io.err(
              `failed: point ${f.index} ${f.id}: ${f.error?.message.split('\n')[0] ?? ''} (see ${path.join(pointDir(folder, f.id), 'point.json')})`,
            );
          }
          if (summary.interrupted) {
            setExit(EXIT.interrupted);
            return;
          }
          if (o.collect) await collectAndReport(sweep, folder, io, true);
          setExit(summary.failed > 0 ? EXIT.failure : EXIT.ok);
        } finally {
          off();
          lock.release();
        }
      },
    );

  program
    .command('submit')
    .description(
      'enqueue the points of a sweep on Redis for `worker`s (job id = sweep/point id: resubmitting is harmless)',
    )
    .argument('<sweep>', 'sweep file (YAML)')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://host:6379')
    .option('--queue <name>', 'BullMQ queue', DEFAULT_QUEUE)
    .option(
      '--out <dir>',
      'results root as this machine sees it: complete points are not enqueued, sweep.json is written',
      DEFAULT_OUT,
    )
    .option('--attempts <n>', 'tries per point', intOption(1), 3)
    .option('--backoff-ms <ms>', 'first retry delay (doubles each retry)', intOption(0), 2000)
    .option('--retry-failed', 'put points whose job failed for good back in the queue')
    .action(
      async (
        file: string,
        o: { redis: string; queue: string; out: string; attempts: number; backoffMs: number; retryFailed?: boolean },
      ) => {
        const sweep = loadSweep(resolveUserPath(file));
        const folder = sweepDir(resolveUserPath(o.out), sweep.spec.name);
        writeManifest(folder, sweep);
        const { submitSweep } = await import('./distributed/submit.js');
        const s = await submitSweep(sweep.points, {
          redisUrl: o.redis,
          queue: o.queue,
          attempts: o.attempts,
          backoffMs: o.backoffMs,
          sweepFolder: folder,
          ...(o.retryFailed === true ? { retryFailed: true } : {}),
        });
        const queued = Object.entries(s.alreadyQueued)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ');
        io.out(
          `${sweep.spec.name}: ${s.total} points: ${s.added} enqueued, ${s.alreadyComplete} already complete${queued === '' ? '' : `, already queued: ${queued}`}${s.retried > 0 ? `, ${s.retried} failed ones retried` : ''}`,
        );
      },
    );

  program
    .command('worker')
    .description(
      'run queued points until stopped (start one per machine; Ctrl-C finishes running points, twice stops now)',
    )
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://host:6379')
    .option('--queue <name>', 'BullMQ queue', DEFAULT_QUEUE)
    .option('--out <dir>', 'results root, shared by all workers and collect (e.g. an NFS mount)', DEFAULT_OUT)
    .option('--concurrency <n>', 'points at once (worker threads)', intOption(1), availableParallelism())
    .option('--runner <module>', 'ES module exporting runPoint(point, outDir, signal) (default: tasmoe run-all)')
    .option('--lock-duration <ms>', 'a job whose worker is silent this long is taken over', intOption(100), 30_000)
    .option('--stalled-interval <ms>', 'how often to look for such jobs', intOption(100), 30_000)
    .action(
      async (o: {
        redis: string;
        queue: string;
        out: string;
        concurrency: number;
        runner?: string;
        lockDuration: number;
        stalledInterval: number;
      }) => {
        const executor = threadPoolExecutor({ runner: runnerRef(o.runner), size: o.concurrency });
        const log = (e: WorkerEvent) => {
          const t = new Date().toISOString();
          if (e.type === 'error') io.err(`${t} error: ${e.message}`);
          else if (e.type === 'failed')
            io.err(
              `${t} ${e.jobId} failed (attempt ${e.attempt}${e.final ? ', final' : ''}): ${e.message.split('\n')[0] ?? ''}`,
            );
          else
            io.err(
              `${t} ${e.jobId} ${e.type}${e.type === 'done' ? ` ${e.status ?? ''} in ${((e.durationMs ?? 0) / 1000).toFixed(1)}s` : ''}`,
            );
        };
        const { startPointWorker } = await import('./distributed/point-worker.js');
        const running = await startPointWorker({
          redisUrl: o.redis,
          queue: o.queue,
          outRoot: resolveUserPath(o.out),
          executor,
          concurrency: o.concurrency,
          lockDurationMs: o.lockDuration,
          stalledIntervalMs: o.stalledInterval,
          onEvent: log,
        });
        io.err(`worker ${running.name} on ${o.queue}: ${o.concurrency} at once, results in ${resolveUserPath(o.out)}`);
        await new Promise<void>((resolve) => {
          let presses = 0;
          const off = interrupts.on(() => {
            presses++;
            io.err(
              presses === 1
                ? 'stopping: finishing the running points (again to stop now; they are then taken over by other workers)'
                : 'stopping now',
            );
            void running.close(presses > 1).finally(() => {
              off();
              resolve();
            });
          });
        });
      },
    );

  program
    .command('collect')
    .description('merge all points into <out>/<name>/sweep.csv and draw the sweep plots')
    .argument('<sweep>', 'sweep file (YAML)')
    .option('--out <dir>', 'results root', DEFAULT_OUT)
    .option('--redis <url>', 'also take points missing here from the results workers returned through Redis')
    .option('--queue <name>', 'BullMQ queue', DEFAULT_QUEUE)
    .option('--no-plots', 'only the CSV')
    .action(async (file: string, o: { out: string; redis?: string; queue: string; plots: boolean }) => {
      const sweep = loadSweep(resolveUserPath(file));
      const folder = sweepDir(resolveUserPath(o.out), sweep.spec.name);
      if (o.redis !== undefined) {
        const { materializeFromRedis } = await import('./distributed/materialize.js');
        const m = await materializeFromRedis(sweep.points, folder, { redisUrl: o.redis, queue: o.queue });
        if (m.materialized > 0) io.err(`${m.materialized} points taken from Redis`);
      }
      const missing = await collectAndReport(sweep, folder, io, o.plots);
      setExit(missing > 0 ? EXIT.failure : EXIT.ok);
    });

  program
    .command('regime-map')
    .description(
      'classify each point (unconstrained, constrained, throttling, refused) over two axes; write the table and the map',
    )
    .argument('<sweep>', 'sweep file (YAML)')
    .requiredOption('--x <axis>', 'axis path on the horizontal axis')
    .requiredOption('--y <axis>', 'axis path on the vertical axis')
    .option('--out <dir>', 'results root', DEFAULT_OUT)
    .option('--scenario <name>', 'scenario whose regime is mapped', 'baseline')
    .option('--csv <file>', 'table of points (default <out>/<name>/regime-map.csv)')
    .option('--svg <file>', 'the map (default <out>/<name>/regime-map.svg)')
    .action(
      async (file: string, o: { x: string; y: string; out: string; scenario: string; csv?: string; svg?: string }) => {
        const sweep = loadSweep(resolveUserPath(file));
        const folder = sweepDir(resolveUserPath(o.out), sweep.spec.name);
        const { writeRegimeMap } = await import('./collect/write-regime-map.js');
        const out = await writeRegimeMap(sweep, folder, o);
        for (const line of out.lines) io.out(line);
        io.out(out.csvFile);
        io.out(out.svgFile);
      },
    );

  program
    .command('status')
    .description('state of every point of a sweep')
    .argument('<sweep>', 'sweep file (YAML)')
    .option('--out <dir>', 'results root', DEFAULT_OUT)
    .action((file: string, o: { out: string }) => {
      const sweep = loadSweep(resolveUserPath(file));
      const folder = sweepDir(resolveUserPath(o.out), sweep.spec.name);
      const counts: Record<string, number> = {};
      for (const p of sweep.points) {
        const dir = pointDir(folder, p.id);
        const rec = readPointRecord(dir);
        const state = isPointComplete(dir, p)
          ? 'complete'
          : rec === undefined
            ? 'not run'
            : rec.hash !== p.hash
              ? 'stale'
              : rec.status;
        counts[state] = (counts[state] ?? 0) + 1;
        io.out(
          `${String(p.index).padStart(4)} ${p.id} ${state.padEnd(8)} ${describeAxes(p.axes)}${p.repeat > 0 ? ` repeat ${p.repeat}` : ''}${state === 'failed' ? `: ${rec?.error?.message.split('\n')[0] ?? ''}` : ''}`,
        );
      }
      io.err(
        `${sweep.spec.name}: ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}`,
      );
    });

  return program;
}

export function main(
  argv: readonly string[],
  io: Io = processIo,
  interrupts: Interrupts = processInterrupts,
): Promise<number> {
  return runCommand(argv, io, (setExit) => buildProgram(io, interrupts, setExit));
}
