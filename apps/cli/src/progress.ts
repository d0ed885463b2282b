/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal,
 * plain lines at every 10 % otherwise (logs, pipes, CI).
 */
import type { Io } from '@tasmoe/experiment';

export interface Progress {
  update(done: number): void;
  finish(): void;
}

const REDRAW_MS = 100;

export function createProgress(io: Io, label: string, total: number, unit: string): Progress {
  const tty = io.tty;
  let lastDecile = 0;
  let lastDraw = 0;
  let lastDone = 0;
  const draw = (done: number): void => {
    if (tty === undefined) return;
    const text = ` ${Math.floor((100 * done) / total)}% ${done}/${total} ${unit}`;
    const width = Math.max(10, Math.min(40, tty.columns - label.length - text.length - 4));
    const filled = Math.round((width * done) / total);
    tty.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${text}`);
  };
  return {
    update(done: number): void {
      lastDone = done;
      if (tty !== undefined) {
        const now = Date.now();
        if (now - lastDraw >= REDRAW_MS || done === total) {
          lastDraw = now;
          draw(done);
        }
        return;
      }
      const decile = Math.floor((10 * done) / total);
      if (decile > lastDecile) {
        lastDecile = decile;
        io.err(`${label}: ${decile * 10}% (${done}/${total} ${unit})`);
      }
    },
    finish(): void {
      if (tty === undefined) return;
      draw(lastDone);
      tty.write('\n');
    },
  };
}
