import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      // the DRAM part round-trips through the file
      const d = loadOrComputeInfluenceMatrix(dir, arch, { grid: [16, 16] });
      expect(Array.from(d.dram?.fromAccess ?? [])).toEqual(Array.from(a.dram?.fromAccess ?? [1]));
      expect(Array.from(d.dram?.fromBanks ?? [])).toEqual(Array.from(a.dram?.fromBanks ?? [1]));
      expect(Array.from(d.dram?.coreFromAccess ?? [])).toEqual(Array.from(a.dram?.coreFromAccess ?? [1]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a version-1 file (core H only, written before the DRAM part) is still read for dram: false', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasmoe-h-'));
    try {
      const opts = { grid: [16, 16] as const, dram: false };
      const h = loadOrComputeInfluenceMatrix(dir, arch, opts);
      const file = influenceCacheFile(dir, arch, opts);
      const v1 = {
        version: 1,
        key: JSON.parse(readFileSync(file, 'utf8')).key,
        coreCount: 64,
        ambientC: 45,
        data: Array.from(h.data, () => 0.5),
      };
      writeFileSync(file, JSON.stringify(v1));
      const back = loadOrComputeInfluenceMatrix(dir, arch, opts);
      expect(back.dram).toBeUndefined();
      expect(back.data[0]).toBe(0.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a version-2 DRAM part (no coreFromAccess) is computed again, not read half', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasmoe-h-'));
    try {
      const opts = { grid: [16, 16] as const };
      const h = loadOrComputeInfluenceMatrix(dir, arch, opts);
      const file = influenceCacheFile(dir, arch, opts);
      const j = JSON.parse(readFileSync(file, 'utf8'));
      const { coreFromAccess: _dropped, ...dram } = j.dram;
      writeFileSync(file, JSON.stringify({ ...j, version: 2, data: j.data.map(() => 0.5), dram }));
      const back = loadOrComputeInfluenceMatrix(dir, arch, opts);
      expect(back.data[0]).toBe(h.data[0]);
      expect(Array.from(back.dram?.coreFromAccess ?? [])).toEqual(Array.from(h.dram?.coreFromAccess ?? [1]));
      expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
