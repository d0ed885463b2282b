/**
 * The local executor's loop: skip complete points, dispatch the rest to an
 * executor (at most executor.size at once, in sweep order), report progress,
 * keep going past failures. `stop` stops dispatching (running points finish);
 * `abort` also aborts running points (their staging folders stay, and the next
 * start resumes them).
 */
import { pointDir } from '../store/layout.js';
import { isPointComplete } from '../store/point-record.js';
import type { SweepPoint } from '../sweep/point.js';
import type { PointOutcome } from './execute-point.js';
import type { PointExecutor } from './executor.js';

export interface SweepProgressSink {
  start(total: number, toRun: number, workers: number): void;
  pointStarted(point: SweepPoint): void;
  pointDone(point: SweepPoint, outcome: PointOutcome): void;
  finish(summary: SweepSummary): void;
}

export const silentSweepProgress: SweepProgressSink = {
  start: () => undefined,
  pointStarted: () => undefined,
  pointDone: () => undefined,
  finish: () => undefined,
};

export interface RunSweepOptions {
  readonly sweepFolder: string;
  readonly executor: PointExecutor;
  /** Re-run complete points too. */
  readonly force?: boolean;
  readonly stop?: AbortSignal;
  readonly abort?: AbortSignal;
  readonly progress?: SweepProgressSink;
  readonly worker?: string;
}

export interface SweepSummary {
  readonly total: number;
  readonly skipped: number;
  readonly completed: number;
  readonly failed: number;
  readonly aborted: number;
  readonly notStarted: number;
  readonly durationMs: number;
  readonly outcomes: readonly PointOutcome[];
  readonly interrupted: boolean;
}

/** Points with the same id (a zip listing one configuration twice) run once. */
export function uniquePoints(points: readonly SweepPoint[]): SweepPoint[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    if (seen.has(p.id)) return false;
    seen.add(p.id);
    return true;
  });
}

export async function runSweep(points: readonly SweepPoint[], opts: RunSweepOptions): Promise<SweepSummary> {
  const t0 = Date.now();
  const progress = opts.progress ?? silentSweepProgress;
  const unique = uniquePoints(points);
  const outcomes: PointOutcome[] = [];
  const todo: SweepPoint[] = [];
  for (const p of unique) {
    if (opts.force !== true && isPointComplete(pointDir(opts.sweepFolder, p.id), p)) {
      outcomes.push({ id: p.id, index: p.index, status: 'skipped', durationMs: 0 });
    } else todo.push(p);
  }
  progress.start(unique.length, todo.length, Math.min(opts.executor.size, Math.max(1, todo.length)));
  const abort = opts.abort ?? new AbortController().signal;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < todo.length && opts.stop?.aborted !== true && !abort.aborted) {
      const point = todo[next++];
      if (point === undefined) return;
      progress.pointStarted(point);
      const outcome = await opts.executor.run(
        point,
        {
          sweepFolder: opts.sweepFolder,
          reusePartial: true,
          ...(opts.force === true ? { force: true } : {}),
          ...(opts.worker === undefined ? {} : { worker: opts.worker }),
        },
        abort,
      );
      outcomes.push(outcome);
      progress.pointDone(point, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.executor.size, todo.length) }, lane));
  const count = (s: PointOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const summary: SweepSummary = {
    total: unique.length,
    skipped: count('skipped'),
    completed: count('complete') + count('duplicate'),
    failed: count('failed'),
    aborted: count('aborted'),
    notStarted: unique.length - outcomes.length,
    durationMs: Date.now() - t0,
    outcomes: [...outcomes].sort((a, b) => a.index - b.index),
    interrupted: opts.stop?.aborted === true || abort.aborted,
  };
  progress.finish(summary);
  return summary;
}
