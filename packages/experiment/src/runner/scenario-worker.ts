/**
 * Worker-thread entry: runs one scenario to disk and reports progress and the
 * result to the parent (run-all runs scenarios in parallel worker threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';
import type { ScenarioJob } from './scenario-files.js';
import { runScenarioToDisk } from './scenario-to-disk.js';
import { loadThermalProvider } from './thermal-factory.js';
import type { InfluenceMessage } from './shared-influence.js';

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
  const input = (workerData as { input: WorkerInput }).input;
  const post = (m: WorkerMessage) => port.postMessage(m);
  // listening before the first await: the parent may post H while this thread still loads
  const sharedInfluence = input.influenceFollows === true ? influenceFrom(port) : undefined;
  try {
    const provider = await loadThermalProvider(input.thermalModule);
    const shared = await sharedInfluence;
    const manifests = await runScenarioToDisk(input.job, {
      ...provider,
      ...(shared?.matrix !== undefined ? { influence: () => shared.matrix } : {}),
      onProgress: (window, fraction) => post({ type: 'progress', window, fraction }),
    });
    post({ type: 'done', manifests });
  } catch (err) {
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

function influenceFrom(p: NonNullable<typeof parentPort>): Promise<InfluenceMessage> {
  return new Promise((resolve) => {
    p.once('message', (m: InfluenceMessage) => resolve(m));
  });
}
