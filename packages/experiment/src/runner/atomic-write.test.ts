import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAtomicFile } from './atomic-write.js';

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
