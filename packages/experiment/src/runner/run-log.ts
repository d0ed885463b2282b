/**
 * run.log: one line per event, "<ISO time> <LEVEL> <message>". Window-level
 * INFO always; scheduling decisions at DEBUG only with --verbose. Written
 * synchronously so the log survives a crash up to its last line.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface RunLogger {
  readonly verbose: boolean;
  log(level: LogLevel, message: string): void;
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  close(): void;
}

export function openRunLog(file: string, opts: { verbose: boolean; now?: () => Date }): RunLogger {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const now = opts.now ?? (() => new Date());
  let open = true;
  const log = (level: LogLevel, message: string) => {
    if (!open || (level === 'DEBUG' && !opts.verbose)) return;
    writeSync(fd, `${now().toISOString()} ${level.padEnd(5)} ${message}\n`);
  };
  return {
    verbose: opts.verbose,
    log,
    info: (m) => log('INFO', m),
    debug: (m) => log('DEBUG', m),
    warn: (m) => log('WARN', m),
    error: (m) => log('ERROR', m),
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** A logger that drops everything (tests, benches). */
export const nullLogger: RunLogger = {
  verbose: false,
  log: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  close: () => undefined,
};
