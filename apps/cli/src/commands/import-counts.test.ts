import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '@tasmoe/experiment';
import { main } from '../main.js';

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

const vllmFixture = path.resolve(
  import.meta.dirname,
  '../../../../packages/traces/src/__fixtures__/vllm-eplb-dump.json',
);

describe('tasmoe import-counts', () => {
  it('--from vllm: the EPLB window of both ranks as logical counts per layer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-import-counts-'));
    const out = path.join(dir, 'counts.csv');
    const io = recorder();
    expect(await main(['import-counts', '--from', 'vllm', '--in', vllmFixture, '--out', out], io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      'layer,expert,count\n0,0,15\n0,1,7\n0,2,3\n0,3,3\n1,0,12\n1,1,1\n1,2,3\n1,3,7\n',
    );
    expect(io.outLines[0]).toContain('2 layers x 4 experts');
    // vLLM's tensors hold MoE layers only
    expect(
      await main(
        ['import-counts', '--from', 'vllm', '--skip-layers', '1', '--in', vllmFixture, '--out', out],
        recorder(),
      ),
    ).toBe(64);
  });

  it('--from sglang (the default) and an unknown format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-import-counts-'));
    const dump = path.join(dir, 'dump.json');
    writeFileSync(
      dump,
      JSON.stringify({
        logical_count: [
          [
            [0, 0],
            [3, 1],
          ],
        ],
      }),
    );
    const out = path.join(dir, 'counts.csv');
    expect(await main(['import-counts', '--in', dump, '--out', out, '--skip-layers', '1'], recorder())).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('layer,expert,count\n0,0,3\n0,1,1\n');
    const io = recorder();
    expect(await main(['import-counts', '--from', 'deepspeed', '--in', dump, '--out', out], io)).toBe(64);
    expect(io.errLines.join('\n')).toMatch(/known: sglang, vllm/);
  });
});
