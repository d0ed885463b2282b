/**
 * One local `run` per sweep folder at a time: two would run the same points
 * twice and fight over staging folders. A lock left by a dead process is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { SweeperError } from '../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}

export interface SweepLock {
  release(): void;
}

export function acquireSweepLock(sweepFolder: string): SweepLock {
  mkdirSync(sweepFolder, { recursive: true });
  const file = path.join(sweepFolder, '.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ host: hostname(), pid: process.pid }));
      closeSync(fd);
      let held = true;
      return {
        release() {
          if (held) rmSync(file, { force: true });
          held = false;
        },
      };
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
      let owner: { host?: string; pid?: number } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        // Torn lock file: its writer died between open and write.
      }
      if (owner.host === hostname() && typeof owner.pid === 'number' && alive(owner.pid)) {
        throw new SweeperError('SWEEP_LOCKED', `${sweepFolder} is being run by process ${owner.pid}; wait for it or stop it`);
      }
      if (owner.host !== undefined && owner.host !== hostname()) {
        throw new SweeperError('SWEEP_LOCKED', `${sweepFolder} is being run on ${owner.host} (pid ${owner.pid ?? '?'}); remove ${file} if that run is gone`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new SweeperError('SWEEP_LOCKED', `cannot lock ${sweepFolder}`);
}
