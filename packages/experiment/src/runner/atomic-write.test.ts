import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAtomicFile, stageFile, writeFileAtomic, type WriteOps } from './atomic-write.js';

describe('openAtomicFile', () => {
  it('publishes the file (and byte-identical copies) only on commit', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-atomic-'));
    const file = path.join(dir, 'a', 'w.csv');
    const copy = path.join(dir, 'b', 'w.csv');
    const w = openAtomicFile(file);
    w.write('h\n');
    w.write('1\n');
    expect(existsSync(file)).toBe(false);
    w.commit([copy]);
    expect(readFileSync(file, 'utf8')).toBe('h\n1\n');
    expect(readFileSync(copy, 'utf8')).toBe('h\n1\n');
    expect(readdirSync(path.join(dir, 'a'))).toEqual(['w.csv']);
    expect(readdirSync(path.join(dir, 'b'))).toEqual(['w.csv']);
  });

  it('abort leaves nothing behind, and an earlier complete file untouched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-atomic-'));
    const file = path.join(dir, 'w.csv');
    const first = openAtomicFile(file);
    first.write('old\n');
    first.commit();
    const w = openAtomicFile(file);
    w.write('half');
    w.abort();
    expect(readdirSync(dir)).toEqual(['w.csv']);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(() => w.write('x')).toThrow(/closed/);
  });
});

describe('every write is checked: a failed write publishes nothing', () => {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');

  it('a short write is finished, not dropped (a nearly full disk returns fewer bytes than asked)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-atomic-'));
    const file = path.join(dir, 'w.csv');
    const ops: WriteOps = {
      write: (fd, buf, off, len) => writeSync(fd, buf, off, Math.min(len, 3)),
      fsync: () => undefined,
    };
    const w = openAtomicFile(file, ops);
    w.write('header,a,b\n');
    w.write('1,2,3\n');
    const done = w.commit();
    expect(readFileSync(file, 'utf8')).toBe('header,a,b\n1,2,3\n');
    expect(done).toEqual({ bytes: 17, sha256: sha('header,a,b\n1,2,3\n') });
  });

  it('ENOSPC on the third write: the write throws an IO error naming the file, no temp file is left, an earlier file stays', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-atomic-'));
    const file = path.join(dir, 'w.csv');
    writeFileAtomic(file, 'old\n');
    let n = 0;
    const ops: WriteOps = {
      write: (fd, buf, off, len) =>
        ++n === 3
          ? (() => {
              throw enospc();
            })()
          : writeSync(fd, buf, off, len),
      fsync: () => undefined,
    };
    const w = openAtomicFile(file, ops);
    w.write('a\n');
    w.write('b\n');
    expect(() => w.write('c\n')).toThrow(/w\.csv: cannot write: ENOSPC/);
    expect(() => w.write('d\n')).toThrow(/failed write/);
    expect(() => w.commit()).toThrow();
    expect(readdirSync(dir)).toEqual(['w.csv']);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
  });

  it('a failing fsync (delayed ENOSPC, EIO) publishes nothing either', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-atomic-'));
    const file = path.join(dir, 'w.csv');
    const ops: WriteOps = {
      write: (fd, buf, off, len) => writeSync(fd, buf, off, len),
      fsync: () => {
        throw Object.assign(new Error('EIO'), { code: 'EIO' });
      },
    };
    expect(() => writeFileAtomic(file, 'data\n', ops)).toThrow(/cannot write: EIO/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writeFileAtomic returns the size and sha256 of what it wrote; staged files appear only on publish', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-atomic-'));
    const file = path.join(dir, 'r.json');
    expect(writeFileAtomic(file, '{"a":1}\n')).toEqual({ bytes: 8, sha256: sha('{"a":1}\n') });
    const s = stageFile(path.join(dir, 's.txt'), 'x');
    const copy = s.copyTo(path.join(dir, 'sub', 's.txt'));
    expect(existsSync(path.join(dir, 's.txt'))).toBe(false);
    s.publish();
    copy.discard();
    expect(readFileSync(path.join(dir, 's.txt'), 'utf8')).toBe('x');
    expect(readdirSync(path.join(dir, 'sub'))).toEqual([]);
  });
});
