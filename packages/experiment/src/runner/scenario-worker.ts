/**
 * Worker-thread entry: runs one scenario to disk and reports progress and the
 * result to the parent (run-all runs scenarios in parallel worker threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TasmoeError, deepFreeze, type ErrorCategory } from '@tasmoe/schemas';
import type { ScenarioJob } from './scenario-files.js';
import { runScenarioToDisk } from './scenario-to-disk.js';
import { loadThermalProvider } from './thermal-factory.js';
import type { InfluenceMessage } from './shared-influence.js';
import type { JobMessage } from './scenario-workers.js';

export interface WorkerInput {
  readonly job: ScenarioJob;
  readonly thermalModule?: string;
  /** The influence matrix comes by message from the parent (shared-influence.ts) before the run starts. */
  readonly influenceFollows?: boolean;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly window: number; readonly fraction: number }
  | { readonly type: 'done'; readonly manifests: readonly unknown[] }
  | {
      readonly type: 'error';
      readonly name: string;
      readonly code?: string;
      readonly category?: ErrorCategory;
      readonly message: string;
    };

const port = parentPort;
if (port !== null) {
  const post = (m: WorkerMessage) => port.postMessage(m);
  // listening before the first await: the job and H may arrive while this thread still loads
  const inbox = inboxOf(port);
  try {
    // no input at start: a worker started ahead of its job (scenario-workers.ts) gets it by message
    const given = (workerData as { input?: WorkerInput }).input;
    const input = given ?? (await inbox.next<JobMessage>()).input;
    // a message's copy of the resolved configs is not frozen: freezing it again lets the loop cache
    // what it derives from them (window-power.ts's constants, not recomputed per window)
    deepFreeze(input.job.configs);
    const sharedInfluence = input.influenceFollows === true ? inbox.next<InfluenceMessage>() : undefined;
    const provider = await loadThermalProvider(input.thermalModule);
    const shared = await sharedInfluence;
    // nothing more comes: the port stops keeping this thread alive
    inbox.close();
    const manifests = await runScenarioToDisk(input.job, {
      ...provider,
      ...(shared?.matrix !== undefined ? { influence: () => shared.matrix } : {}),
      onProgress: (window, fraction) => post({ type: 'progress', window, fraction }),
    });
    post({ type: 'done', manifests });
  } catch (err) {
    inbox.close();
    const e = err instanceof Error ? err : new Error(String(err));
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    post({
      type: 'error',
      name: e.name,
      message: e.message,
      ...(code !== undefined ? { code } : {}),
      ...(e instanceof TasmoeError ? { category: e.category } : {}),
    });
  }
}

/** The parent's messages in order of arrival, each taken once. */
function inboxOf(p: NonNullable<typeof parentPort>) {
  const queue: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  const onMessage = (m: unknown) => {
    const w = waiting.shift();
    if (w !== undefined) w(m);
    else queue.push(m);
  };
  p.on('message', onMessage);
  return {
    next<T>(): Promise<T> {
      return new Promise<T>((resolve) => {
        if (queue.length > 0) resolve(queue.shift() as T);
        else waiting.push(resolve as (m: unknown) => void);
      });
    },
    close(): void {
      p.off('message', onMessage);
    },
  };
}
