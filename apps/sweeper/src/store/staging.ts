/**
 * A point runs in its own staging folder and is published by renaming that
 * folder to points/<id>. Renames are atomic, so readers see no point, an old
 * point, or the whole new point; two workers finishing the same point both
 * succeed (the second finds it complete and drops its copy).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { SweepPoint } from '../sweep/point.js';
import { pointDir, stagingRoot, trashRoot } from './layout.js';
import { isPointComplete } from './point-record.js';

/** This host as it appears in staging folder names (no dots: the id ends at the first one). */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9-]/g, '_');
}

/** <host>-<pid>-<time base 36>-<random>: unique, and says which process made it. */
export function uniqueTag(): string {
  return `${hostTag()}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function errCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errCode(err) === 'EPERM';
  }
}

/**
 * Staging folders of `id` that nobody is running any more, newest first: made
 * on this host by a dead process (a killed worker, a crash) or, with
 * `includeOwn`, by this process (a point of this local run that was aborted;
 * a Redis worker may hold the same point twice after a lost lock, so it never
 * counts its own). Other hosts' folders are theirs to judge.
 */
function leftOvers(root: string, id: string, includeOwn: boolean): string[] {
  const prefix = `${id}.${hostTag()}-`;
  const parts = (name: string) => name.slice(prefix.length).split('-');
  return readdirSync(root)
    .filter((name) => {
      if (!name.startsWith(prefix)) return false;
      const pid = Number(parts(name)[0]);
      return Number.isInteger(pid) && (pid === process.pid ? includeOwn : !pidAlive(pid));
    })
    .sort((a, b) => parseInt(parts(b)[1] ?? '0', 36) - parseInt(parts(a)[1] ?? '0', 36));
}

/**
 * A fresh staging folder for `id`. With `reuse`, the newest folder an earlier,
 * interrupted run of the point left on this host is taken over (claimed by
 * rename, so two claimants cannot both get it) and the runner resumes inside
 * it. Older left-overs, and all of them without `reuse`, are deleted.
 */
export function claimStaging(sweepFolder: string, id: string, reuse: boolean): { dir: string; reused: boolean } {
  const root = stagingRoot(sweepFolder);
  mkdirSync(root, { recursive: true });
  const dir = path.join(root, `${id}.${uniqueTag()}`);
  const [newest, ...older] = leftOvers(root, id, reuse);
  for (const name of reuse ? older : [...(newest === undefined ? [] : [newest]), ...older]) {
    rmSync(path.join(root, name), { recursive: true, force: true });
  }
  if (reuse && newest !== undefined) {
    try {
      renameSync(path.join(root, newest), dir);
      return { dir, reused: true };
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
    }
  }
  mkdirSync(dir);
  return { dir, reused: false };
}

function moveAside(sweepFolder: string, dir: string, id: string): void {
  const trash = trashRoot(sweepFolder);
  mkdirSync(trash, { recursive: true });
  const aside = path.join(trash, `${id}.${uniqueTag()}`);
  try {
    renameSync(dir, aside);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return;
    throw err;
  }
  rmSync(aside, { recursive: true, force: true });
}

export type PublishResult = 'published' | 'duplicate';

/**
 * Make `staging` the point folder. A complete point already there wins (the
 * work was done twice, harmlessly) unless `replaceComplete` (a forced re-run);
 * an incomplete or failed one is replaced.
 */
export function publishStaging(
  sweepFolder: string,
  staging: string,
  point: Pick<SweepPoint, 'id' | 'hash' | 'scenarios' | 'workloadName'>,
  opts: { replaceComplete?: boolean } = {},
): PublishResult {
  const target = pointDir(sweepFolder, point.id);
  for (let tries = 0; tries < 5; tries++) {
    if (opts.replaceComplete !== true && isPointComplete(target, point)) {
      rmSync(staging, { recursive: true, force: true });
      return 'duplicate';
    }
    if (existsSync(target)) moveAside(sweepFolder, target, point.id);
    try {
      renameSync(staging, target);
      return 'published';
    } catch (err) {
      const code = errCode(err);
      // Another publisher got there between our check and our rename: look again.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`could not publish point ${point.id}: its folder kept changing`);
}

export function discardStaging(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
