/**
 * A pool of worker threads running points (one point per thread at a time),
 * so a sweep uses every core while the main thread stays free for progress,
 * signals and (in a Redis worker) BullMQ's lock renewal. A thread that dies
 * mid-point fails that point (recorded in point.json) and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { recordError, SweeperError } from '../errors.js';
import { MODULE_EXT, type RunnerRef } from '../runner/point-runner.js';
import { pointRecord, writePointRecord } from '../store/point-record.js';
import { claimStaging, publishStaging } from '../store/staging.js';
import type { SweepPoint } from '../sweep/point.js';
import type { PointOutcome } from './execute-point.js';
import type { PointExecutor, PointRunOptions } from './executor.js';
import type { FromThread, ThreadData, ToThread } from './thread-protocol.js';

const BOOTSTRAP_URL = new URL('../../worker/point-thread.mjs', import.meta.url);
const ENTRY_URL = new URL(`./thread-main${MODULE_EXT}`, import.meta.url);

interface Pending {
  readonly point: SweepPoint;
  readonly opts: PointRunOptions;
  readonly resolve: (o: PointOutcome) => void;
  readonly startedAt: number;
  /** Stops listening to the caller's abort signal (one signal serves a whole sweep). */
  readonly unlisten: () => void;
}

interface Slot {
  worker: Worker;
  current?: { key: number; pending: Pending } | undefined;
}

export interface ThreadPoolOptions {
  readonly runner: RunnerRef;
  /** Threads; default os.availableParallelism(). */
  readonly size?: number;
  /** Extra environment for the threads (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** When a thread dies mid-point, the point is failed in point.json like any runner failure. */
function recordCrash(p: Pending, error: Error): PointOutcome {
  const recorded = recordError(error);
  try {
    const staging = claimStaging(p.opts.sweepFolder, p.point.id, false);
    writePointRecord(
      staging.dir,
      pointRecord(p.point, {
        status: 'failed',
        error: recorded,
        startedAt: new Date(p.startedAt),
        finishedAt: new Date(),
      }),
    );
    publishStaging(p.opts.sweepFolder, staging.dir, p.point);
  } catch {
    // The outcome still says failed; the folder is only the record of it.
  }
  return {
    id: p.point.id,
    index: p.point.index,
    status: 'failed',
    durationMs: Date.now() - p.startedAt,
    error: recorded,
  };
}

export function threadPoolExecutor(opts: ThreadPoolOptions): PointExecutor {
  const size = Math.max(1, opts.size ?? availableParallelism());
  const data: ThreadData = { entry: ENTRY_URL.href, runner: opts.runner };
  const slots: Slot[] = [];
  const waiting: {
    point: SweepPoint;
    opts: PointRunOptions;
    signal: AbortSignal;
    resolve: (o: PointOutcome) => void;
  }[] = [];
  let nextKey = 1;
  let closed = false;
  let terminating = false;

  const spawn = (): Slot => {
    const slot: Slot = {
      worker: new Worker(BOOTSTRAP_URL, { workerData: data, ...(opts.env === undefined ? {} : { env: opts.env }) }),
    };
    const settle = (outcome: PointOutcome) => {
      const cur = slot.current;
      if (cur === undefined) return;
      slot.current = undefined;
      cur.pending.unlisten();
      cur.pending.resolve(outcome);
      pump();
    };
    slot.worker.on('message', (msg: FromThread) => {
      if (msg.type === 'outcome' && slot.current?.key === msg.key) settle(msg.outcome);
    });
    const died = (err: Error) => {
      const cur = slot.current;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      if (cur !== undefined) {
        slot.current = undefined;
        cur.pending.unlisten();
        cur.pending.resolve(
          terminating
            ? {
                id: cur.pending.point.id,
                index: cur.pending.point.index,
                status: 'aborted',
                durationMs: Date.now() - cur.pending.startedAt,
              }
            : recordCrash(cur.pending, err),
        );
      }
      pump();
    };
    slot.worker.on('error', died);
    slot.worker.on('exit', (code) =>
      died(new SweeperError('WORKER_CRASHED', `the worker thread running the point exited (code ${code})`)),
    );
    slots.push(slot);
    return slot;
  };

  const pump = (): void => {
    while (!closed && waiting.length > 0) {
      let slot = slots.find((s) => s.current === undefined);
      if (slot === undefined && slots.length < size) slot = spawn();
      if (slot === undefined) return;
      const job = waiting.shift();
      if (job === undefined) return;
      if (job.signal.aborted) {
        job.resolve({ id: job.point.id, index: job.point.index, status: 'aborted', durationMs: 0 });
        continue;
      }
      const key = nextKey++;
      const target = slot;
      const onAbort = () => {
        if (target.current?.key === key) target.worker.postMessage({ type: 'abort', key } satisfies ToThread);
      };
      const signal = job.signal;
      signal.addEventListener('abort', onAbort, { once: true });
      const unlisten = () => signal.removeEventListener('abort', onAbort);
      slot.current = {
        key,
        pending: { point: job.point, opts: job.opts, resolve: job.resolve, startedAt: Date.now(), unlisten },
      };
      slot.worker.postMessage({ type: 'run', key, point: job.point, opts: job.opts } satisfies ToThread);
    }
  };

  return {
    size,
    run(point, runOpts, signal) {
      if (closed) return Promise.reject(new SweeperError('USAGE', 'the thread pool is closed'));
      return new Promise<PointOutcome>((resolve) => {
        waiting.push({ point, opts: runOpts, signal, resolve });
        pump();
      });
    },
    async terminate() {
      terminating = true;
      closed = true;
      for (const w of waiting.splice(0))
        w.resolve({ id: w.point.id, index: w.point.index, status: 'aborted', durationMs: 0 });
      await Promise.all([...slots].map((s) => s.worker.terminate()));
    },
    async close() {
      closed = true;
      terminating = true;
      await Promise.all([...slots].map((s) => s.worker.terminate()));
    },
  };
}
