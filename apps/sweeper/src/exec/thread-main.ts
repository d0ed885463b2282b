/**
 * Inside a pool thread: load the runner once, run the points the pool sends
 * with executePoint, answer with their outcomes. Abort messages abort the
 * point's signal (run-all stops at its next window; the staging folder stays).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordError } from '../errors.js';
import { loadRunner, type PointRunner } from '../runner/point-runner.js';
import { executePoint } from './execute-point.js';
import type { FromThread, ThreadData, ToThread } from './thread-protocol.js';

const data = workerData as ThreadData;
const port = parentPort;
let runner: Promise<PointRunner> | undefined;
const running = new Map<number, AbortController>();

function reply(msg: FromThread): void {
  port?.postMessage(msg);
}

async function run(msg: Extract<ToThread, { type: 'run' }>): Promise<void> {
  const ac = new AbortController();
  running.set(msg.key, ac);
  try {
    // A runner that cannot load fails each point with the reason, recorded in its point.json.
    runner ??= loadRunner(data.runner).catch((err: unknown) => () => Promise.reject(err));
    const fn = await runner;
    const outcome = await executePoint(msg.point, fn, { ...msg.opts, signal: ac.signal });
    reply({ type: 'outcome', key: msg.key, outcome });
  } catch (err) {
    reply({
      type: 'outcome',
      key: msg.key,
      outcome: { id: msg.point.id, index: msg.point.index, status: 'failed', durationMs: 0, error: recordError(err) },
    });
  } finally {
    running.delete(msg.key);
  }
}

port?.on('message', (msg: ToThread) => {
  if (msg.type === 'run') void run(msg);
  else running.get(msg.key)?.abort(new Error('aborted by the sweeper'));
});
