/**
 * Progress of scenarios: a bar per scenario on a TTY, a plain line per scenario
 * at every 10 % otherwise (logs, pipes, CI), or machine-readable JSON lines
 * with --json.
 */
export interface ProgressEvent {
  readonly type: 'start' | 'progress' | 'done' | 'skipped' | 'error';
  readonly scenario: string;
  readonly window?: number;
  readonly simMs?: number;
  readonly fraction?: number;
  readonly message?: string;
}

export interface ProgressSink {
  emit(e: ProgressEvent): void;
  finish(): void;
}

export function jsonProgress(write: (line: string) => void): ProgressSink {
  return { emit: (e) => write(JSON.stringify(e)), finish: () => undefined };
}

export const silentProgress: ProgressSink = { emit: () => undefined, finish: () => undefined };

/** One line per scenario start, every 10 % of it, and its end: for a terminal that cannot redraw. */
export function lineProgress(write: (line: string) => void): ProgressSink {
  const decile = new Map<string, number>();
  return {
    emit(e) {
      const s = e.scenario.padEnd(9);
      if (e.type === 'start') {
        decile.set(e.scenario, 0);
        write(`${s} started`);
      } else if (e.type === 'progress') {
        const d = Math.floor(10 * Math.max(0, Math.min(1, e.fraction ?? 0)));
        if (d > (decile.get(e.scenario) ?? 0) && d < 10) {
          decile.set(e.scenario, d);
          write(`${s} ${d * 10}%  window ${e.window ?? 0}`);
        }
      } else if (e.type === 'done') write(`${s} done`);
      else if (e.type === 'skipped') write(`${s} skipped (complete, same configuration)`);
      else write(`${s} error: ${e.message ?? ''}`);
    },
    finish: () => undefined,
  };
}

/** Redraws one line per scenario in place (ANSI cursor-up), at most every 100 ms. */
export function ttyProgress(stream: NodeJS.WriteStream, scenarios: readonly string[]): ProgressSink {
  const state = new Map<string, string>(scenarios.map((s) => [s, 'waiting']));
  let drawn = 0;
  let last = 0;
  const width = 30;
  const draw = (force: boolean) => {
    const t = Date.now();
    if (!force && t - last < 100) return;
    last = t;
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const s of scenarios) stream.write(`\x1b[2K${s.padEnd(9)} ${state.get(s) ?? ''}\n`);
    drawn = scenarios.length;
  };
  return {
    emit(e) {
      let line: string;
      if (e.type === 'progress' || e.type === 'start') {
        const f = Math.max(0, Math.min(1, e.fraction ?? 0));
        const n = Math.round(f * width);
        line = `[${'#'.repeat(n)}${'.'.repeat(width - n)}] ${(f * 100).toFixed(0).padStart(3)}%  window ${e.window ?? 0}`;
      } else
        line =
          e.type === 'done'
            ? 'done'
            : e.type === 'skipped'
              ? 'skipped (complete, same configuration)'
              : `error: ${e.message ?? ''}`;
      state.set(e.scenario, line);
      draw(e.type !== 'progress');
    },
    finish: () => draw(true),
  };
}
