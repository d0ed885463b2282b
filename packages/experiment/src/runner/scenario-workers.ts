/**
 * Scenario worker threads, optionally started ahead of their jobs. A worker
 * spends most of its start loading the loop's modules (through tsx from
 * sources, ~0.7 s), which needs no job: `tasmoe run-all` starts its workers
 * before the command's own modules load (bin.ts), so the two loads overlap,
 * and each lane takes a started worker and sends it the job by message. A
 * started worker that no lane takes keeps nothing alive (unref) and is ended
 * when the run ends.
 */
import type { Worker } from 'node:worker_threads';
import { siblingEntry, spawnWorker } from './spawn-worker.js';
import type { WorkerInput } from './scenario-worker.js';

/** A job for a worker started without one. */
export interface JobMessage {
  readonly type: 'job';
  readonly input: WorkerInput;
}

interface Started {
  readonly worker: Worker;
  failed: boolean;
}

const started: Started[] = [];

function entry(): URL {
  return siblingEntry(import.meta.url, 'scenario-worker');
}

/** Starts `count` scenario workers that wait for their job. */
export function startScenarioWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    const worker = spawnWorker(entry(), undefined);
    const s: Started = { worker, failed: false };
    // a worker that fails before a lane takes it is not taken (the lane starts a fresh one and sees its error)
    worker.once('error', () => {
      s.failed = true;
    });
    worker.once('exit', () => {
      s.failed = true;
    });
    worker.unref();
    started.push(s);
  }
}

/** A worker running `input`: a started one when there is one, else a new one. */
export function scenarioWorker(input: WorkerInput): Worker {
  for (let s = started.shift(); s !== undefined; s = started.shift()) {
    if (s.failed) continue;
    s.worker.ref();
    s.worker.postMessage({ type: 'job', input } satisfies JobMessage);
    return s.worker;
  }
  return spawnWorker(entry(), input);
}

/** Ends the started workers no lane took. */
export async function endIdleScenarioWorkers(): Promise<void> {
  await Promise.all(started.splice(0).map((s) => s.worker.terminate()));
}
