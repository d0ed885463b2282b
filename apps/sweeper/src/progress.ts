/**
 * Sweep progress on stderr: one bar with counts and an ETA redrawn in place on
 * a terminal; one line per finished point otherwise (logs, CI).
 */
import type { PointOutcome } from './exec/execute-point.js';
import type { SweepProgressSink, SweepSummary } from './exec/run-sweep.js';
import type { Io } from '@tasmoe/experiment';
import { describeAxes } from './sweep/expand.js';
import type { SweepPoint } from './sweep/point.js';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Remaining time from the points finished in this session (skipped ones cost nothing and do not count). */
export function estimateRemainingMs(elapsedMs: number, finished: number, toRun: number): number {
  if (finished <= 0) return Number.NaN;
  return (elapsedMs / finished) * Math.max(0, toRun - finished);
}

const REDRAW_MS = 200;

export function sweepProgress(io: Io, now: () => number = Date.now): SweepProgressSink {
  let t0 = now();
  let total = 0;
  let toRun = 0;
  let skipped = 0;
  let ok = 0;
  let failed = 0;
  let running = 0;
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;
  const finished = () => ok + failed;
  const bar = (): string => {
    const done = skipped + finished();
    const elapsed = now() - t0;
    const text = ` ${done}/${total} points  ok ${ok}  failed ${failed}  skipped ${skipped}  running ${running}  ${formatDuration(elapsed)} elapsed  ETA ${formatDuration(estimateRemainingMs(elapsed, finished(), toRun))}`;
    const width = Math.max(10, Math.min(30, (io.tty?.columns ?? 80) - text.length - 3));
    const filled = total === 0 ? width : Math.round((width * done) / total);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${text}`;
  };
  const draw = (force: boolean) => {
    if (io.tty === undefined) return;
    const t = now();
    if (!force && t - lastDraw < REDRAW_MS) return;
    lastDraw = t;
    io.tty.write(`\r\x1b[2K${bar()}`);
  };
  return {
    start(n, todo, workers) {
      t0 = now();
      total = n;
      toRun = todo;
      skipped = n - todo;
      if (io.tty === undefined)
        io.err(
          `sweep: ${n} points, ${skipped} already complete, ${todo} to run on ${workers} worker${workers === 1 ? '' : 's'}`,
        );
      else {
        draw(true);
        // Keep elapsed/ETA moving while long points run.
        timer = setInterval(() => draw(true), 1000);
        timer.unref();
      }
    },
    pointStarted() {
      running++;
      draw(false);
    },
    pointDone(point: SweepPoint, o: PointOutcome) {
      running--;
      if (o.status === 'complete' || o.status === 'duplicate') ok++;
      else if (o.status === 'failed') failed++;
      else if (o.status === 'skipped') skipped++;
      const tail = o.status === 'failed' ? `: ${o.error?.message.split('\n')[0] ?? ''}` : '';
      const line = `point ${point.index} ${point.id} ${o.status}${o.resumed === true ? ' (resumed)' : ''} in ${(o.durationMs / 1000).toFixed(1)}s (${describeAxes(point.axes)}${point.repeat > 0 ? `, repeat ${point.repeat}` : ''})${tail}`;
      if (io.tty === undefined) io.err(`[${skipped + finished()}/${total}] ${line}`);
      else if (o.status === 'failed') {
        io.tty.write(`\r\x1b[2K${line}\n`);
        draw(true);
      } else draw(true);
    },
    finish(s: SweepSummary) {
      if (timer !== undefined) clearInterval(timer);
      if (io.tty !== undefined) {
        draw(true);
        io.tty.write('\n');
      }
      io.err(
        `sweep ${s.interrupted ? 'interrupted' : 'done'}: ${s.completed} run, ${s.skipped} already complete, ${s.failed} failed` +
          `${s.aborted > 0 ? `, ${s.aborted} aborted` : ''}${s.notStarted > 0 ? `, ${s.notStarted} not started` : ''} in ${formatDuration(s.durationMs)}`,
      );
    },
  };
}
