/**
 * Worker threads that run from TypeScript sources (vitest, `pnpm tasmoe` with a TypeScript
 * policy module) and from dist/ when built (`pnpm tasmoe` compiles it: tooling/scripts/launch.mjs). Node 20 does not carry loader hooks into
 * workers, so a .ts entry starts through ts-worker-boot.mjs, which registers tsx
 * in the worker and then imports the entry; the @tasmoe/source condition makes
 * package imports resolve to sources there too. A .js entry runs as is.
 *
 * The worker reads its input as `workerData.input`.
 */
import { Worker } from 'node:worker_threads';

export function spawnWorker(entry: URL, input: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { input } });
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), {
    workerData: { entry: entry.href, input },
    execArgv: ['--conditions=@tasmoe/source'],
  });
}

/** The sibling module of `from` with the same extension as `from` (.ts in source, .js in dist). */
export function siblingEntry(from: string, name: string): URL {
  const ext = from.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, from);
}
