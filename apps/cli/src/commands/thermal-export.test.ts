import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHotspotCommand } from '@tasmoe/thermal';
import { main } from '../main.js';
import type { Io } from '@tasmoe/experiment';

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

describe('tasmoe thermal-export', () => {
  it('writes HotSpot inputs of the default arch that the HotSpot-compatible command runs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-export-'));
    const io = recorder();
    expect(await main(['thermal-export', '--out', dir, '--grid', '8x8'], io)).toBe(0);
    const files = readdirSync(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'stack.lcf',
        'hotspot.config',
        'power.ptrace',
        'RUN.txt',
        'logic.flp',
        'tim.flp',
        'dram7.flp',
        'bond7.flp',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.flp'))).toHaveLength(18);
    expect(readFileSync(path.join(dir, 'hotspot.config'), 'utf8')).toMatch(/-grid_rows\s+8/);
    expect(io.outLines[0]).toContain('18 floorplans');
    const err: string[] = [];
    const code = runHotspotCommand(['-c', 'hotspot.config', '-p', 'power.ptrace', '-steady_file', 'power.steady'], {
      cwd: dir,
      stdout: { write: () => 0 },
      stderr: { write: (s: string) => err.push(s) },
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, 'power.steady'), 'utf8')).toMatch(/^layer_16_C0\t3\d\d\.\d\d$/m);
  });

  it('usage errors exit 64; a bad arch config exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-export-'));
    expect(await main(['thermal-export', '--out', dir, '--grid', 'big'], recorder())).toBe(64);
    expect(await main(['thermal-export', '--out', dir, '--preset', 'x'], recorder())).toBe(64);
    expect(await main(['thermal-export', '--out', dir, '--arch', path.join(dir, 'missing.yaml')], recorder())).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
