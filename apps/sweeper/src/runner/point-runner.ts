/**
 * The one thing the sweeper needs from the experiment runner: run every
 * scenario of a point into `outDir`, writing <outDir>/<scenario>/<workload>.csv
 * (plus whatever else run-all writes). Thread pools and Redis workers cannot
 * ship a function, so they name a module exporting it (a RunnerRef).
 */
import { pathToFileURL } from 'node:url';
import type { SweepPoint } from '../sweep/point.js';
import { SweeperError } from '../errors.js';

export type PointRunner = (point: SweepPoint, outDir: string, signal: AbortSignal) => Promise<unknown>;

export interface RunnerRef {
  /** file: URL (or absolute path) of an ES module. */
  readonly module: string;
  /** The exported PointRunner; default `runPoint`. */
  readonly exportName?: string;
}

/** Source files when running from source (tests, tsx), built files when running from dist. */
export const MODULE_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The runner that binds to `runAll` of @tasmoe/experiment (runner/run-all-adapter). */
export function defaultRunnerRef(): RunnerRef {
  return { module: new URL(`./run-all-adapter${MODULE_EXT}`, import.meta.url).href, exportName: 'runPoint' };
}

/** A runner module given on the command line (a path) or in code (a URL). */
export function runnerRefFrom(spec: string, exportName = 'runPoint'): RunnerRef {
  const module = /^[a-z]+:/.test(spec) && !/^[A-Za-z]:[\\/]/.test(spec) ? spec : pathToFileURL(spec).href;
  return { module, exportName };
}

export async function loadRunner(ref: RunnerRef): Promise<PointRunner> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(ref.module)) as Record<string, unknown>;
  } catch (err) {
    throw new SweeperError(
      'RUNNER_MISSING',
      `cannot load the point runner ${ref.module}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const fn = mod[ref.exportName ?? 'runPoint'];
  if (typeof fn !== 'function') {
    throw new SweeperError(
      'RUNNER_MISSING',
      `${ref.module} does not export a function ${ref.exportName ?? 'runPoint'}`,
    );
  }
  return fn as PointRunner;
}
