import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import type { Io } from '@tasmoe/experiment';

function recorder(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

const repo = path.resolve(import.meta.dirname, '../../..');

describe('tasmoe validate', () => {
  it('accepts every shipped config', async () => {
    const io = recorder();
    const files = readdirSync(path.join(repo, 'configs')).map((f) => path.join(repo, 'configs', f));
    expect(await main(['validate', ...files], io)).toBe(0);
    expect(io.outLines).toHaveLength(files.length);
    expect(io.errLines).toEqual([]);
  });
  it('prints one line per problem with file and path, exit 2, writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-validate-'));
    const f = path.join(dir, 'bad.yaml');
    writeFileSync(
      f,
      'model: m\nmoe: {layers: 2, experts_per_layer: 4}\nrouting: {topk: 6}\nsequence: {tokens: 1, micro_batch: 1, steps: 1}\noperators: {fc: {flop_per_token: 1}, attn: {flop_per_token: 1, kv_bytes_per_token: 1}}\n',
    );
    const io = recorder();
    expect(await main(['validate', f], io)).toBe(2);
    expect(io.errLines).toEqual([`${f}:3: routing.topk: expected at most moe.experts_per_layer (4), got 6`]);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });
  it('validates CSV traces by their header', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-validate-'));
    const good = path.join(dir, 'logical_memory.csv');
    writeFileSync(good, 'event_id,tensor_id,access,bytes,locality_hint\n42,W_E17_0,read,1048576,shard0\n');
    const bad = path.join(dir, 'overlay.csv');
    writeFileSync(
      bad,
      't_apply_ns,scope,from_core,to_core,mb_ids_json,reason,expected_gain\n9000000,mb,33,21,[12 13],hot_core,0.12\n',
    );
    const io = recorder();
    expect(await main(['validate', good, bad], io)).toBe(2);
    expect(io.outLines[0]).toContain('ok (logical_memory, 1 records)');
    expect(io.errLines[0]).toMatch(/overlay\.csv:2: mb_ids_json: overlay_reroute/);
  });
  it('validates placement.json', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-validate-'));
    const f = path.join(dir, 'placement.json');
    writeFileSync(f, JSON.stringify({ experts: { E3: { cores: [5], policy: 'replicate' } }, tensors: {} }));
    const io = recorder();
    expect(await main(['validate', f], io)).toBe(2);
    expect(io.errLines[0]).toContain('experts.E3.cores');
  });
  it('a missing file is reported, not thrown', async () => {
    const io = recorder();
    expect(await main(['validate', '/nonexistent/x.yaml'], io)).toBe(2);
    expect(io.errLines[0]).toContain('cannot read file: ENOENT');
  });
});

describe('tasmoe schema', () => {
  it('prints a JSON Schema', async () => {
    const io = recorder();
    expect(await main(['schema', 'workload'], io)).toBe(0);
    expect(JSON.parse(io.outLines.join('\n'))).toMatchObject({ type: 'object' });
  });
  it('unknown kind is a usage error', async () => {
    const io = recorder();
    expect(await main(['schema', 'nope'], io)).toBe(64);
  });
});
