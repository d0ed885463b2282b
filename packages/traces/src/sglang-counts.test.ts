import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCountsFile } from './counts-file.js';
import { countsCsv, importSglangCounts } from './sglang-counts.js';

describe('importSglangCounts', () => {
  it('sums the passes of logical_count, drops leading dense layers, and writes a counts file that reads back', () => {
    // 2 passes x 3 layers (layer 0 dense: zeros) x 4 experts
    const dump = {
      logical_count: [
        [
          [0, 0, 0, 0],
          [5, 1, 0, 2],
          [1, 1, 1, 1],
        ],
        [
          [0, 0, 0, 0],
          [3, 0, 4, 0],
          [2, 0, 0, 7],
        ],
      ],
    };
    const c = importSglangCounts(JSON.stringify(dump), 'dump.json', { skipLayers: 1 });
    expect([c.layers, c.expertsPerLayer]).toEqual([2, 4]);
    expect(Array.from(c.counts)).toEqual([8, 1, 4, 2, 3, 1, 1, 8]);
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-sgl-'));
    try {
      const f = path.join(dir, 'c.csv');
      writeFileSync(f, countsCsv(c));
      expect(Array.from(readCountsFile(f, 2, 4, 2))).toEqual(Array.from(c.counts));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // one pass without the leading dimension
    expect(
      Array.from(
        importSglangCounts(
          JSON.stringify({
            logical_count: [
              [1, 2],
              [3, 4],
            ],
          }),
          'x',
        ).counts,
      ),
    ).toEqual([1, 2, 3, 4]);
  });

  it('names the bad field', () => {
    expect(() => importSglangCounts('{"logical_count": [[[1, 2], [3]]]}', 'd.json')).toThrow(
      /d\.json: field logical_count\[0\]\[1\]: expected 2 experts/,
    );
    expect(() => importSglangCounts('{"logical_count": [[[1, -2]]]}', 'd.json')).toThrow(
      /logical_count\[0\]\[0\]\[1\]: expected a non-negative count/,
    );
    expect(() => importSglangCounts('PK\u0003\u0004', 'd.pt')).toThrow(/not JSON.*convert the \.pt dump/);
  });
});
