/**
 * The boundary search of a parallel replay (chunk-boundary.ts) on a synthetic CSV whose row
 * offsets are known: found with no size hint, with a hint short of the row, with one past it
 * (falls back to the full search), across the search's 64 KiB read windows, and not found.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkBoundaryFinder } from './chunk-boundary.js';

const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-boundary-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// header, then rows `<id>,<padding>` with ids 0, 1, 2, ... and lengths that vary
const rows = ['event_id,x'];
for (let id = 0; id < 4000; id++) rows.push(`${id},${'y'.repeat((id * 37) % 61)}`);
const text = `${rows.join('\n')}\n`;
const file = path.join(root, 'rows.csv');
writeFileSync(file, text);
const offsets: number[] = [];
for (let p = text.indexOf('\n') + 1; p < text.length; p = text.indexOf('\n', p) + 1) offsets.push(p);
/** Offset of row `id`'s first byte. */
const offsetOf = (id: number) => offsets[id] as number;

describe('ChunkBoundaryFinder', () => {
  const fd = openSync(file, 'r');
  afterAll(() => closeSync(fd));
  const finder = new ChunkBoundaryFinder(fd, text.length);
  const first = offsetOf(0);

  it('finds a row with no hint, with a hint short of it and with one past it', () => {
    for (const id of [0, 1, 17, 999, 2500, 3999]) {
      const want = offsetOf(id);
      expect(finder.rowStart(first, id, 0)).toBe(want);
      expect(finder.rowStart(first, id, Math.floor((want - first) * 0.5))).toBe(want);
      expect(finder.rowStart(first, id, want - first)).toBe(want);
      expect(finder.rowStart(first, id, (want - first) * 3 + 5000)).toBe(want);
    }
  });

  it('finds every row, also one whose `\\n<id>,` crosses the end of a 64 KiB read window', () => {
    for (let id = 0; id < 4000; id += 13) expect(finder.rowStart(first, id, 0)).toBe(offsetOf(id));
    // searching from `from`, the first window is [from - 1, from - 1 + 65536)
    let crossed = 0;
    for (let j = 0; j < 200; j++) {
      const from = offsetOf(j);
      const end = from - 1 + 65536;
      for (let i = j + 1; i < 4000; i++) {
        const a = offsetOf(i) - 1;
        if (a >= end) break;
        if (a + 1 + `${i},`.length > end) {
          expect(finder.rowStart(from, i, 0)).toBe(offsetOf(i));
          crossed++;
        }
      }
    }
    expect(crossed).toBeGreaterThan(0);
  });

  it('starts at `from` (a row start), never before it, and says -1 when the row is absent', () => {
    expect(finder.rowStart(offsetOf(100), 100, 0)).toBe(offsetOf(100));
    expect(finder.rowStart(offsetOf(101), 100, 0)).toBe(-1);
    expect(finder.rowStart(first, 4000, 0)).toBe(-1);
    expect(finder.rowStart(first, 4000, 10_000)).toBe(-1);
  });
});
