/**
 * The byte-level row parser (trace-rows-fast.ts) against the field reader alone: same chunks on
 * the writer's spelling and on other spellings of the same rows, same error on any damage,
 * whatever the buffer boundaries.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogicalChunk } from '@tasmoe/schemas';
import { workload } from './__fixtures__/workloads.js';
import { generateLogicalTraces } from './generate-traces.io.js';
import { createLogicalSource } from './logical-source.js';
import { openRecordedTrace, type RecordedSourceOptions } from './recorded-trace.js';

const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-replay-fast-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const cfg = workload({ layers: 3, experts: 8, shared: 1, topk: 2, microBatch: 4, concurrency: 2, steps: 5, shards: 2 });
const k1 = workload({ layers: 2, experts: 4, shared: 0, topk: 1, microBatch: 3, concurrency: 1, steps: 4, shards: 1 });
const COMPUTE = 'logical_compute.csv';
const MEMORY = 'logical_memory.csv';

type Outcome = { chunks: LogicalChunk[] } | { error: string };

function replay(dir: string, c: typeof cfg, opts: RecordedSourceOptions): Outcome {
  try {
    const src = openRecordedTrace(dir, c, opts);
    const chunks: LogicalChunk[] = [];
    for (let i = 0; i < src.chunkCount; i++) chunks.push(src.chunk(i));
    return { chunks };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const exports = new Map<typeof cfg, Promise<string>>();
function exported(c: typeof cfg): Promise<string> {
  let p = exports.get(c);
  if (p === undefined) {
    const dir = path.join(root, `base${n++}`);
    p = generateLogicalTraces(c, dir).then(() => dir);
    exports.set(c, p);
  }
  return p;
}

async function copyWith(c: typeof cfg, file: string, edit: (text: string) => string): Promise<string> {
  const dir = path.join(root, `t${n++}`);
  cpSync(await exported(c), dir, { recursive: true });
  const p = path.join(dir, file);
  writeFileSync(p, edit(readFileSync(p, 'latin1')), 'latin1');
  return dir;
}

describe('byte-level replay = field reader', () => {
  it('equal chunks on the export (k = 3 with a shared expert, and k = 1 with unquoted JSON) for small and large buffers', async () => {
    for (const c of [cfg, k1]) {
      const dir = await exported(c);
      const gen = createLogicalSource(c, { stepsPerChunk: 2 });
      const want = Array.from({ length: gen.chunkCount }, (_, i) => gen.chunk(i));
      for (const bufferBytes of [128, 131, 1000, 1 << 20]) {
        expect(replay(dir, c, { stepsPerChunk: 2, bufferBytes })).toEqual({ chunks: want });
        expect(replay(dir, c, { stepsPerChunk: 2, bufferBytes, fieldReaderOnly: true })).toEqual({ chunks: want });
      }
    }
  });

  it('other CSV spellings of the same rows (quoted integers, CRLF, decimal FLOPs, leading zeros) go the field way, same chunks', async () => {
    const want = replay(await exported(cfg), cfg, {});
    const spellings: [string, (t: string) => string][] = [
      [COMPUTE, (t) => t.replace(/\n(\d+),/g, '\n"$1",')],
      [MEMORY, (t) => t.replace(/\n/g, '\r\n')],
      [COMPUTE, (t) => t.replace(/\[(\d+)\]/g, '[$1.0]')],
      [MEMORY, (t) => t.replace(/,read,(\d)/g, ',read,0$1')],
      [MEMORY, (t) => t.replace(/,shard(\d)\n/g, ',"shard$1"\n')],
    ];
    for (const [file, edit] of spellings) {
      const dir = await copyWith(cfg, file, edit);
      expect(replay(dir, cfg, { bufferBytes: 200 })).toEqual(want);
    }
    // more than 15 digits is not a safe integer for either reader
    const long = await copyWith(cfg, MEMORY, (t) => t.replace(/,read,(\d+),/, ',read,1234567890123456,'));
    const refused = replay(long, cfg, {});
    expect(refused).toEqual(replay(long, cfg, { fieldReaderOnly: true }));
    expect(refused).toMatchObject({ error: expect.stringMatching(/field bytes: expected a non-negative integer/) });
  });

  it('every byte of an attn, fc, KV and weight row replaced or deleted: the same outcome with and without the byte-level path', async () => {
    const small = workload({
      layers: 2,
      experts: 8,
      shared: 1,
      topk: 2,
      microBatch: 2,
      concurrency: 1,
      steps: 2,
      shards: 2,
    });
    const dir = path.join(root, `x${n++}`);
    await generateLogicalTraces(small, dir);
    const subs = ['0', '1', '9', ',', '"', '\n', '\r', 'x', '[', ']', ''];
    // buffers a little longer than the longest line (83 bytes), so refills fall at varying places
    const buffer = (pos: number): number => 90 + (pos % 7);
    for (let b = 90; b < 97; b++) expect('chunks' in replay(dir, small, { bufferBytes: b })).toBe(true);
    let refused = 0;
    let accepted = 0;
    // later rows too: their parts equal to an accepted row's are compared with it, not parsed
    for (const [file, lines] of [
      [COMPUTE, [4, 5, 6, 7]],
      [MEMORY, [2, 3, 4, 5, 9, 10, 11]],
    ] as const) {
      const p = path.join(dir, file);
      const original = readFileSync(p, 'latin1');
      const starts = [0];
      for (let i = 0; i < original.length; i++) if (original[i] === '\n') starts.push(i + 1);
      for (const line of lines) {
        const a = starts[line - 1] as number;
        const b = starts[line] as number;
        for (let pos = a; pos < b; pos++)
          for (const ch of subs) {
            if (original[pos] === ch) continue;
            writeFileSync(p, original.slice(0, pos) + ch + original.slice(pos + 1), 'latin1');
            const fast = replay(dir, small, { bufferBytes: buffer(pos) });
            const slow = replay(dir, small, { bufferBytes: buffer(pos), fieldReaderOnly: true });
            expect(fast, `${file}:${line} byte ${pos - a} -> ${JSON.stringify(ch)}`).toEqual(slow);
            if ('error' in slow) refused++;
            else accepted++;
          }
      }
      writeFileSync(p, original, 'latin1');
    }
    // most damage is refused; the rest are other spellings of the same rows (a leading zero, a free-text hint)
    expect(refused).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(10);
  });

  it('a row equal to an accepted one but in another context (layer, slot, shard, event) is refused as by the field reader', async () => {
    const edits: [string, (t: string) => string][] = [
      [COMPUTE, (t) => t.replace(/attn,1\n/, 'attn,0\n')],
      [COMPUTE, (t) => t.replace(/fc,1\n/, 'fc,0\n')],
      [COMPUTE, (t) => t.replace(/\n(\d+),0,0,1,/, '\n$1,0,0,0,')],
      [MEMORY, (t) => t.replace(/KV_L1_MB0,/, 'KV_L0_MB0,')],
      [MEMORY, (t) => t.replace(/KV_L0_MB1,/, 'KV_L0_MB0,')],
      [MEMORY, (t) => t.replace(/_1,read,(\d+),shard1\n/, '_1,read,$1,shard0\n')],
      [MEMORY, (t) => t.replace(/\n5,W_E(\d+)_1,/, '\n5,W_E$1_2,')],
    ];
    for (const [x, [file, edit]] of edits.entries()) {
      const text = readFileSync(path.join(await exported(cfg), file), 'latin1');
      expect(edit(text)).not.toBe(text);
      const dir = await copyWith(cfg, file, edit);
      const slow = replay(dir, cfg, { fieldReaderOnly: true });
      // the hint is free text: shard1's row with the hint of shard0 is another spelling, accepted
      expect('error' in slow, `edit ${x}`).toBe(x !== 5);
      expect(replay(dir, cfg, {})).toEqual(slow);
      expect(replay(dir, cfg, { bufferBytes: 150 })).toEqual(slow);
    }
  });

  it('any one damaged byte gives the same outcome (chunks or the same error) with and without the byte-level path', async () => {
    const base = await exported(cfg);
    const sizes = {
      [COMPUTE]: readFileSync(path.join(base, COMPUTE)).length,
      [MEMORY]: readFileSync(path.join(base, MEMORY)).length,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(COMPUTE, MEMORY),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...'0123456789,"[]E_\n\r.e-aKVLMBWrdfct x'.split('')),
        fc.integer({ min: 100, max: 400 }),
        async (file, at, ch, bufferBytes) => {
          const pos = Math.min(sizes[file] - 1, Math.floor(at * sizes[file]));
          const dir = await copyWith(cfg, file, (t) => t.slice(0, pos) + ch + t.slice(pos + 1));
          const fast = replay(dir, cfg, { bufferBytes });
          const slow = replay(dir, cfg, { bufferBytes, fieldReaderOnly: true });
          expect(fast).toEqual(slow);
          if ('error' in slow) expect(slow.error).not.toMatch(/line longer/);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 150, seed: 2222 },
    );
  });
});
