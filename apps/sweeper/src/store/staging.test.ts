import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSweep } from '../sweep/load-sweep.js';
import { tempDir, TINY_SWEEP } from '../testing/fixtures.js';
import { metricsCsvPath, pointDir, stagingRoot } from './layout.js';
import { isPointComplete, pointRecord, readPointRecord, writePointRecord } from './point-record.js';
import { claimStaging, discardStaging, publishStaging } from './staging.js';

const point = loadSweep(TINY_SWEEP).points[0];
if (point === undefined) throw new Error('no point');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function folder(): string {
  const t = tempDir('staging');
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A staging folder holding a finished (or failed) run of `point`, tagged so we can tell copies apart. */
function staged(sweep: string, status: 'complete' | 'failed', tag: string): string {
  const { dir } = claimStaging(sweep, point!.id, false);
  for (const s of point!.scenarios) {
    mkdirSync(path.dirname(metricsCsvPath(dir, s, point!.workloadName)), { recursive: true });
    if (status === 'complete') writeFileSync(metricsCsvPath(dir, s, point!.workloadName), 'x\n');
  }
  writeFileSync(path.join(dir, 'tag'), tag);
  writePointRecord(
    dir,
    pointRecord(point!, { status, ...(status === 'failed' ? { error: { name: 'Error', message: 'boom' } } : {}) }),
  );
  return dir;
}

const tagOf = (sweep: string) => readFileSync(path.join(pointDir(sweep, point.id), 'tag'), 'utf8');

describe('staging and publishing', () => {
  it('a second complete copy of a point is dropped: duplicate completion is harmless', () => {
    const sweep = folder();
    expect(publishStaging(sweep, staged(sweep, 'complete', 'first'), point)).toBe('published');
    const second = staged(sweep, 'complete', 'second');
    expect(publishStaging(sweep, second, point)).toBe('duplicate');
    expect(existsSync(second)).toBe(false);
    expect(isPointComplete(pointDir(sweep, point.id), point)).toBe(true);
    expect(tagOf(sweep)).toBe('first');
  });

  it('a failed point is replaced by a complete one, never the reverse', () => {
    const sweep = folder();
    publishStaging(sweep, staged(sweep, 'failed', 'f'), point);
    expect(readPointRecord(pointDir(sweep, point.id))?.status).toBe('failed');
    expect(isPointComplete(pointDir(sweep, point.id), point)).toBe(false);
    expect(publishStaging(sweep, staged(sweep, 'complete', 'c'), point)).toBe('published');
    expect(readPointRecord(pointDir(sweep, point.id))?.status).toBe('complete');
    expect(publishStaging(sweep, staged(sweep, 'failed', 'f2'), point)).toBe('duplicate');
    expect(readPointRecord(pointDir(sweep, point.id))?.status).toBe('complete');
  });

  it('a complete record whose scenario CSV is missing is not complete', () => {
    const sweep = folder();
    const dir = staged(sweep, 'failed', 'x');
    writePointRecord(dir, pointRecord(point, { status: 'complete' }));
    expect(isPointComplete(dir, point)).toBe(false);
  });

  it('a local run takes over the staging folder an interrupted run left; a Redis worker starts fresh', () => {
    const sweep = folder();
    const left = claimStaging(sweep, point.id, false).dir;
    writeFileSync(path.join(left, 'partial'), '1');
    const fresh = claimStaging(sweep, point.id, false);
    expect(fresh.reused).toBe(false);
    expect(readdirSync(fresh.dir)).toEqual([]);
    discardStaging(fresh.dir);
    const taken = claimStaging(sweep, point.id, true);
    expect(taken.reused).toBe(true);
    expect(taken.dir).not.toBe(left);
    expect(readFileSync(path.join(taken.dir, 'partial'), 'utf8')).toBe('1');
    expect(readdirSync(stagingRoot(sweep))).toEqual([path.basename(taken.dir)]);
  });

  it('staging folders of dead processes on this host are dropped (a local run resumes the newest)', () => {
    const sweep = folder();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 0;
    const sample = claimStaging(sweep, point.id, false).dir;
    discardStaging(sample);
    const own = path.basename(sample);
    const tagged = (t: number) =>
      own.replace(`-${process.pid}-`, `-${dead}-`).replace(/-[0-9a-z]+-([0-9a-z]+)$/, `-${t.toString(36)}-$1`);
    const older = tagged(1_000);
    const newer = tagged(2_000);
    for (const n of [older, newer]) mkdirSync(path.join(stagingRoot(sweep), n));
    writeFileSync(path.join(stagingRoot(sweep), newer, 'partial'), 'newest');
    const resumed = claimStaging(sweep, point.id, true);
    expect(readFileSync(path.join(resumed.dir, 'partial'), 'utf8')).toBe('newest');
    expect(readdirSync(stagingRoot(sweep))).toEqual([path.basename(resumed.dir)]);
    // A Redis worker (no reuse) drops a dead process's folder but not one of its own process.
    mkdirSync(path.join(stagingRoot(sweep), older));
    const fresh = claimStaging(sweep, point.id, false);
    expect(readdirSync(stagingRoot(sweep)).sort()).toEqual(
      [path.basename(resumed.dir), path.basename(fresh.dir)].sort(),
    );
  });
});
