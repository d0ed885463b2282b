import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch } from '@tasmoe/thermal/testing';
import { influenceCacheFile, loadOrComputeInfluenceMatrix } from './influence-cache-io.js';

describe('loadOrComputeInfluenceMatrix', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');
  it('file cache: writes once, reads back the same matrix, ignores a corrupt file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasmoe-h-'));
    try {
      const a = loadOrComputeInfluenceMatrix(dir, arch, { grid: [16, 16] });
      expect(readdirSync(dir)).toEqual([influenceCacheFile(dir, arch, { grid: [16, 16] }).slice(dir.length + 1)]);
      const b = loadOrComputeInfluenceMatrix(dir, arch, { grid: [16, 16] });
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      writeFileSync(influenceCacheFile(dir, arch, { grid: [16, 16] }), '{"version":1,"key":"x"}');
      const c = loadOrComputeInfluenceMatrix(dir, arch, { grid: [16, 16] });
      expect(Array.from(c.data)).toEqual(Array.from(a.data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
