/**
 * Replay on several threads (parallel-trace.ts) against the sequential reader: the
 * same chunks, with the chunks read by workers and by the caller, and the same
 * error (file:line:field) for damage wherever it falls.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogicalChunk } from '@tasmoe/schemas';
import { workload } from './__fixtures__/workloads.js';
import { LOGICAL_COMPUTE_COLUMNS, LOGICAL_MEMORY_COLUMNS } from './csv-rows.js';
import { generateLogicalTraces } from './generate-traces.io.js';
import { createLogicalSource } from './logical-source.js';
import { ChunkSeeker, type ChunkSeekerInput } from './chunk-seeker.js';
import { isFallBack, ParallelChunks } from './parallel-trace.js';
import { openTrace, type RecordedSourceOptions } from './recorded-trace.js';
import { readTraceMeta } from './trace-meta-check.js';
import { traceShape } from './trace-shape.js';

const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-replay-par-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
// 30 steps: more chunks than a thread may claim ahead (AHEAD = 4), so claims interleave
const cfg = workload({
  layers: 3,
  experts: 8,
  shared: 1,
  topk: 2,
  microBatch: 4,
  concurrency: 2,
  steps: 30,
  shards: 2,
});
const COMPUTE = 'logical_compute.csv';
const MEMORY = 'logical_memory.csv';
const exported = (async () => {
  const dir = path.join(root, 'base');
  await generateLogicalTraces(cfg, dir);
  return dir;
})();

type Outcome = { chunks: LogicalChunk[] } | { error: string };

function replay(dir: string, opts: RecordedSourceOptions, callerReads = true): Outcome {
  try {
    const src = openTrace(dir, cfg, opts, callerReads);
    const chunks: LogicalChunk[] = [];
    for (let i = 0; i < src.chunkCount; i++) chunks.push(src.chunk(i));
    return { chunks };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function seekerInput(dir: string, stepsPerChunk: number, bufferBytes = 300): ChunkSeekerInput {
  const shape = traceShape(cfg);
  return {
    computeFile: path.join(dir, COMPUTE),
    memoryFile: path.join(dir, MEMORY),
    columns: { compute: LOGICAL_COMPUTE_COLUMNS, memory: LOGICAL_MEMORY_COLUMNS },
    shape,
    meta: readTraceMeta(dir, cfg, 'trace_meta.json'),
    options: { bufferBytes },
    stepsPerChunk,
    chunkCount: Math.ceil(shape.steps / stepsPerChunk),
  };
}

/** Every chunk through ParallelChunks itself: fails on any fall-back to the sequential reader. */
function parallelOnly(dir: string, stepsPerChunk: number, threads: number, callerReads: boolean): LogicalChunk[] {
  const input = seekerInput(dir, stepsPerChunk);
  const p = new ParallelChunks(input, threads, callerReads);
  try {
    return Array.from({ length: input.chunkCount }, (_, i) => p.take(i));
  } finally {
    p.close();
  }
}

async function copyWith(file: string, edit: (text: string) => string): Promise<string> {
  const dir = path.join(root, `t${n++}`);
  cpSync(await exported, dir, { recursive: true });
  const p = path.join(dir, file);
  writeFileSync(p, edit(readFileSync(p, 'latin1')), 'latin1');
  return dir;
}

describe('replay on several threads', () => {
  it('the generator chunks, read by workers only and by workers with the caller, without falling back', async () => {
    const dir = await exported;
    for (const spc of [1, 4]) {
      const gen = createLogicalSource(cfg, { stepsPerChunk: spc });
      const want = Array.from({ length: gen.chunkCount }, (_, i) => gen.chunk(i));
      expect(parallelOnly(dir, spc, 2, false)).toEqual(want);
      expect(parallelOnly(dir, spc, 2, true)).toEqual(want);
      expect(parallelOnly(dir, spc, 3, false)).toEqual(want);
    }
  });

  it('openRecordedTrace with parseThreads gives the sequential chunks, also asked out of order', async () => {
    const dir = await exported;
    const want = replay(dir, {});
    expect(replay(dir, { parseThreads: 2 })).toEqual(want);
    expect(replay(dir, { parseThreads: 2, stepsPerChunk: 7, bufferBytes: 200 }, false)).toEqual(
      replay(dir, { stepsPerChunk: 7, bufferBytes: 200 }),
    );
    const src = openTrace(dir, cfg, { parseThreads: 2 }, false);
    const c3 = src.chunk(3);
    expect(src.chunk(0)).toEqual(src.chunk(0));
    expect(c3).toEqual((want as { chunks: LogicalChunk[] }).chunks[3]);
    src.close();
  });

  it('rows out of order across a chunk boundary: the same error as one thread', async () => {
    const text = readFileSync(path.join(await exported, MEMORY), 'latin1');
    const eventsPerStep = traceShape(cfg).eventsPerStep;
    // the KV read that starts chunk 12 moved after the row that follows it
    const id = 2 * 12 * eventsPerStep;
    const edit = (t: string) => t.replace(new RegExp(`\\n(${id},[^\\n]*)\\n([^\\n]*)\\n`), '\n$2\n$1\n');
    expect(edit(text)).not.toBe(text);
    const dir = await copyWith(MEMORY, edit);
    const want = replay(dir, {});
    expect(want).toMatchObject({ error: expect.stringMatching(/logical_memory\.csv:\d+:/) });
    // a reader that skips to chunk 12 finds its first row, reads it without complaint, and starts
    // where the reader of chunk 11 did not end: the check that catches this
    const input = seekerInput(dir, 1);
    const a = new ChunkSeeker(input);
    const b = new ChunkSeeker(input);
    try {
      const end11 = a.read(11).memoryEnd;
      const start12 = b.read(12).memoryStart;
      expect(start12).not.toBe(end11);
    } finally {
      a.close();
      b.close();
    }
    for (let i = 0; i < 3; i++) {
      expect(replay(dir, { parseThreads: 3 }, false)).toEqual(want);
      expect(replay(dir, { parseThreads: 2 })).toEqual(want);
    }
  });

  it('a ParallelChunks asked out of order says so with a fall-back', async () => {
    const p = new ParallelChunks(seekerInput(await exported, 1), 2);
    let err: unknown;
    try {
      p.take(1);
    } catch (e) {
      err = e;
    }
    p.close();
    expect(isFallBack(err)).toBe(true);
  });

  it('any one damaged byte: the same outcome (chunks or the same file:line:field error) as one thread', async () => {
    const base = await exported;
    const sizes = {
      [COMPUTE]: readFileSync(path.join(base, COMPUTE)).length,
      [MEMORY]: readFileSync(path.join(base, MEMORY)).length,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(COMPUTE, MEMORY),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...'0123456789,"[]E_\n\r.aKVW x'.split('')),
        fc.boolean(),
        async (file, at, ch, callerReads) => {
          const pos = Math.min(sizes[file] - 1, Math.floor(at * sizes[file]));
          const dir = await copyWith(file, (t) => t.slice(0, pos) + ch + t.slice(pos + 1));
          const one = replay(dir, { bufferBytes: 300 });
          // three threads: chunks next to each other are often read by different ones
          expect(replay(dir, { bufferBytes: 300, parseThreads: 3 }, callerReads)).toEqual(one);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25, seed: 4242 },
    );
  });
});
