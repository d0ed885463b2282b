import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import type { Io } from '@tasmoe/experiment';

function recorder(tty?: { columns: number }): Io & { outLines: string[]; errLines: string[]; ttyText: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const ttyText: string[] = [];
  return {
    outLines,
    errLines,
    ttyText,
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    ...(tty === undefined ? {} : { tty: { columns: tty.columns, write: (t: string) => void ttyText.push(t) } }),
  };
}

const SMALL = `model: small
moe: { layers: 8, experts_per_layer: 8, shared_experts: 1 }
routing: { topk: 2, seed: 5, zipf_s: 1.2 }
sequence: { tokens: 16, micro_batch: 128, steps: 20 }
operators:
  fc: { flop_per_token: 1.0e9 }
  attn: { flop_per_token: 1.0e8, kv_bytes_per_token: 64 }
`;

function setup(text = SMALL): { dir: string; workload: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-gen-traces-'));
  const workload = path.join(dir, 'workload.yaml');
  writeFileSync(workload, text);
  return { dir, workload };
}

describe('tasmoe gen-traces', () => {
  it('writes the two CSVs and trace_meta.json with the seed given, plain progress lines off a terminal', async () => {
    const { dir, workload } = setup();
    const out = path.join(dir, 'traces');
    const io = recorder();
    expect(await main(['gen-traces', '--workload', workload, '--out', out, '--seed', '11'], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['logical_compute.csv', 'logical_memory.csv', 'trace_meta.json']);
    const meta = JSON.parse(readFileSync(path.join(out, 'trace_meta.json'), 'utf8')) as {
      seed: number;
      totals: { tokenLayerEvents: number };
    };
    expect(meta.seed).toBe(11);
    expect(meta.totals.tokenLayerEvents).toBe(20 * 128 * 8);
    const header = readFileSync(path.join(out, 'logical_compute.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('event_id,t_gen_ns,mb_id,token_id,experts_json,flops_json,op_type,layer');
    expect(io.errLines).toEqual(
      Array.from({ length: 10 }, (_, i) => `gen-traces: ${(i + 1) * 10}% (${2 * (i + 1)}/20 steps)`),
    );
    expect(io.outLines[2]).toContain('seed 11');
    // the same command again gives the same bytes; the config's own seed gives other bytes
    const again = path.join(dir, 'again');
    const other = path.join(dir, 'other');
    expect(await main(['gen-traces', '--workload', workload, '--out', again, '--seed', '11'], recorder())).toBe(0);
    expect(await main(['gen-traces', '--workload', workload, '--out', other], recorder())).toBe(0);
    const read = (d: string) => readFileSync(path.join(d, 'logical_compute.csv'), 'utf8');
    expect(read(again)).toBe(read(out));
    expect(read(other)).not.toBe(read(out));
  });

  it('draws a bar on a terminal', async () => {
    const { dir, workload } = setup();
    const io = recorder({ columns: 80 });
    expect(await main(['gen-traces', '--workload', workload, '--out', path.join(dir, 't')], io)).toBe(0);
    expect(io.errLines).toEqual([]);
    const last = io.ttyText.at(-2) ?? '';
    expect(last).toMatch(/^\rgen-traces \[#+\] 100% 20\/20 steps$/);
    expect(io.ttyText.at(-1)).toBe('\n');
  });

  it('refuses a bad workload with file, field and expectation, exit 2, writing nothing', async () => {
    const { dir, workload } = setup(SMALL.replace('topk: 2', 'topk: 9').replace('tokens: 16', 'tokens: 0'));
    const out = path.join(dir, 'traces');
    const io = recorder();
    expect(await main(['gen-traces', '--workload', workload, '--out', out], io)).toBe(2);
    expect(io.errLines).toContain(`${workload}:4: sequence.tokens: Too small: expected number to be >0`);
    expect(existsSync(out)).toBe(false);
    const io2 = recorder();
    const { workload: w2 } = setup(SMALL.replace('topk: 2', 'topk: 9'));
    expect(await main(['gen-traces', '--workload', w2, '--out', out], io2)).toBe(2);
    expect(io2.errLines).toEqual([`${w2}:3: routing.topk: expected at most moe.experts_per_layer (8), got 9`]);
    expect(existsSync(out)).toBe(false);
  });

  it('a non-integer seed is a usage error; a missing workload file is invalid input', async () => {
    const { dir, workload } = setup();
    const io = recorder();
    expect(await main(['gen-traces', '--workload', workload, '--out', path.join(dir, 'x'), '--seed', '1.5'], io)).toBe(
      64,
    );
    expect(io.errLines[0]).toContain('--seed expects an integer');
    const io2 = recorder();
    expect(
      await main(['gen-traces', '--workload', path.join(dir, 'nope.yaml'), '--out', path.join(dir, 'x')], io2),
    ).toBe(2);
    expect(io2.errLines[0]).toContain('cannot read file: ENOENT');
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
