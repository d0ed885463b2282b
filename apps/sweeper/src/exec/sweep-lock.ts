/**
 * One local `run` per sweep folder at a time: two would run the same points
 * twice and fight over staging folders. The lock is the runner's folder lock
 * (@tasmoe/experiment `acquireFolderLock`: a dead process's lock is taken over).
 */
import { RunnerError, acquireFolderLock } from '@tasmoe/experiment';
import { SweeperError } from '../errors.js';

export interface SweepLock {
  release(): void;
}

export function acquireSweepLock(sweepFolder: string): SweepLock {
  try {
    return acquireFolderLock(sweepFolder, 'a sweep runs there');
  } catch (err) {
    if (err instanceof RunnerError && err.code === 'FOLDER_LOCKED')
      throw new SweeperError('SWEEP_LOCKED', err.message, { cause: err });
    throw err;
  }
}
