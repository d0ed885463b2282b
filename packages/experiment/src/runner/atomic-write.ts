import { closeSync, copyFileSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Write a file so that readers see either the old content or the complete new
 * content: an interrupted run never leaves a half CSV that looks complete.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function tempName(file: string): string {
  return `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A file written piece by piece (a long run's window series) that appears complete or not at all. */
export interface AtomicFileWriter {
  write(chunk: string): void;
  /** Closes and publishes the file; `alsoAs` get byte-identical copies, each published atomically too. */
  commit(alsoAs?: readonly string[]): void;
  /** Closes and removes the partial file (nothing is published). */
  abort(): void;
}

export function openAtomicFile(file: string): AtomicFileWriter {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  let fd: number | undefined = openSync(tmp, 'w');
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    write(chunk) {
      if (fd === undefined) throw new Error(`${file}: already closed`);
      writeSync(fd, chunk);
    },
    commit(alsoAs = []) {
      close();
      try {
        for (const other of alsoAs) {
          mkdirSync(path.dirname(other), { recursive: true });
          const t = tempName(other);
          copyFileSync(tmp, t);
          renameSync(t, other);
        }
        renameSync(tmp, file);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    },
    abort() {
      close();
      rmSync(tmp, { force: true });
    },
  };
}
