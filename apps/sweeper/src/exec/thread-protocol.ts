/** Messages between the thread pool and its worker threads. */
import type { RunnerRef } from '../runner/point-runner.js';
import type { SweepPoint } from '../sweep/point.js';
import type { PointOutcome } from './execute-point.js';
import type { PointRunOptions } from './executor.js';

export interface ThreadData {
  /** URL of thread-main (.ts from source, .js from a build), imported by worker/point-thread.mjs. */
  readonly entry: string;
  readonly runner: RunnerRef;
}

export type ToThread =
  | { readonly type: 'run'; readonly key: number; readonly point: SweepPoint; readonly opts: PointRunOptions }
  | { readonly type: 'abort'; readonly key: number };

export type FromThread = { readonly type: 'outcome'; readonly key: number; readonly outcome: PointOutcome };
