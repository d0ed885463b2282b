/**
 * One process per folder: a lock file created exclusively (O_EXCL) holding
 * the owner's host and pid. A lock whose process is dead (same host) or
 * whose file is torn is taken over; a lock of a live process, or of another
 * host (whose processes cannot be checked), is refused with who holds it.
 * Used for results folders (run-all) and sweep folders (the sweeper).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { RunnerError } from './runner-error.js';

export const LOCK_FILE = '.lock';

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}

export interface FolderLock {
  readonly file: string;
  release(): void;
}

interface LockOwner {
  host?: string;
  pid?: number;
}

/** Takes the lock of `folder` (created if missing); throws RunnerError FOLDER_LOCKED naming the holder. */
export function acquireFolderLock(folder: string, what = 'this folder'): FolderLock {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, LOCK_FILE);
  for (let tries = 0; tries < 3; tries++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
      let owner: LockOwner = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
      } catch {
        // a torn lock file: its writer died between open and write
      }
      if (
        owner.host === hostname() &&
        typeof owner.pid === 'number' &&
        owner.pid !== process.pid &&
        processAlive(owner.pid)
      ) {
        throw new RunnerError(
          'FOLDER_LOCKED',
          `${folder} is in use: being run by process ${owner.pid} (${what}); wait for it or stop it`,
        );
      }
      if (owner.host === hostname() && owner.pid === process.pid) {
        throw new RunnerError(
          'FOLDER_LOCKED',
          `${folder} is in use: being run by process ${process.pid}, this one (${what})`,
        );
      }
      if (owner.host !== undefined && owner.host !== hostname()) {
        throw new RunnerError(
          'FOLDER_LOCKED',
          `${folder} is in use: being run on ${owner.host} (pid ${owner.pid ?? '?'}; ${what}); remove ${file} if that run is gone`,
        );
      }
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ host: hostname(), pid: process.pid }));
    } finally {
      closeSync(fd);
    }
    let held = true;
    return {
      file,
      release() {
        if (held) rmSync(file, { force: true });
        held = false;
      },
    };
  }
  throw new RunnerError('FOLDER_LOCKED', `cannot lock ${folder}: its lock file keeps reappearing`);
}
