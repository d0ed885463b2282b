import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workload } from './__fixtures__/workloads.js';
import { generateLogicalTraces } from './generate-traces.io.js';
import { createLogicalSource } from './logical-source.js';
import { openRecordedTrace } from './recorded-trace.js';
import { TracesError } from './errors.js';

const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-replay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const tmp = (): string => path.join(root, `t${n++}`);
const cfg = workload({ layers: 3, experts: 8, shared: 1, topk: 2, microBatch: 4, concurrency: 2, steps: 7, shards: 2 });

async function exported(): Promise<string> {
  const dir = tmp();
  await generateLogicalTraces(cfg, dir);
  return dir;
}

/** Rewrite line `line` (1-based) of a trace file. */
function editLine(dir: string, file: string, line: number, edit: (s: string) => string): void {
  const p = path.join(dir, file);
  const lines = readFileSync(p, 'utf8').split('\n');
  lines[line - 1] = edit(lines[line - 1] ?? '');
  writeFileSync(p, lines.join('\n'));
}

function replayError(dir: string): TracesError {
  try {
    const src = openRecordedTrace(dir, cfg);
    for (let c = 0; c < src.chunkCount; c++) src.chunk(c);
  } catch (err) {
    if (err instanceof TracesError) return err;
    throw err;
  }
  throw new Error('replay accepted the trace');
}

describe('openRecordedTrace', () => {
  it('replays the export chunk for chunk equal to the generator, whatever the chunking and access order', async () => {
    const dir = await exported();
    for (const stepsPerChunk of [1, 3, 7]) {
      const gen = createLogicalSource(cfg, { stepsPerChunk });
      const rec = openRecordedTrace(dir, cfg, { stepsPerChunk });
      expect(rec.chunkCount).toBe(gen.chunkCount);
      for (let c = 0; c < gen.chunkCount; c++) expect(rec.chunk(c)).toEqual(gen.chunk(c));
      // backwards: the files are reopened and read forward again
      expect(rec.chunk(0)).toEqual(gen.chunk(0));
      rec.close();
    }
  });

  it('refuses a trace made for another workload or seed, naming the field', async () => {
    const dir = await exported();
    const other = { ...cfg, moe: { ...cfg.moe, layers: 4 } };
    expect(() => openRecordedTrace(dir, other)).toThrow(/moe\.layers \(trace 3, workload 4\)/);
    const seeded = { ...cfg, routing: { ...cfg.routing, seed: cfg.routing.seed + 1 } };
    expect(() => openRecordedTrace(dir, seeded)).toThrow(TracesError);
    expect(() => openRecordedTrace(path.join(root, 'missing'), cfg)).toThrow(/trace_meta\.json: cannot read/);
  });

  it('names file:line:field of a bad row (input category)', async () => {
    const cases: [string, number, (s: string) => string, RegExp][] = [
      [
        'logical_compute.csv',
        3,
        (s) => s.replace(/"E(\d+)"/, '"E999"'),
        /logical_compute\.csv:3: field experts_json: expert 0 \(E999\)/,
      ],
      [
        'logical_compute.csv',
        2,
        (s) => s.replace(/^0,0,/, '0,5,'),
        /logical_compute\.csv:2: field t_gen_ns: expected 0/,
      ],
      ['logical_compute.csv', 4, (s) => s.replace(',attn,', ',fc,'), /logical_compute\.csv:4: field op_type/],
      ['logical_compute.csv', 2, (s) => `${s},x`, /logical_compute\.csv:2: more fields/],
      [
        'logical_memory.csv',
        2,
        (s) => s.replace('KV_L0_MB0', 'KV_L1_MB0'),
        /logical_memory\.csv:2: field tensor_id: expected tensor KV_L0_MB0/,
      ],
      ['logical_memory.csv', 3, (s) => s.replace(',read,', ',write,'), /logical_memory\.csv:3: field access/],
      [
        'logical_memory.csv',
        3,
        (s) => s.replace(/,read,\d+,/, ',read,-1,'),
        /logical_memory\.csv:3: field bytes: expected a non-negative integer/,
      ],
    ];
    for (const [file, line, edit, message] of cases) {
      const dir = await exported();
      editLine(dir, file, line, edit);
      const err = replayError(dir);
      expect(err.message).toMatch(message);
      expect(err.category).toBe('input');
    }
  });

  it('refuses a truncated file and totals that differ from trace_meta.json', async () => {
    const dir = await exported();
    const p = path.join(dir, 'logical_compute.csv');
    const text = readFileSync(p, 'utf8');
    writeFileSync(p, text.slice(0, text.length - 200));
    expect(replayError(dir).message).toMatch(/logical_compute\.csv:\d+: (last line has no line end|field)/);
    const dir2 = await exported();
    const metaPath = path.join(dir2, 'trace_meta.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { totals: { weightReads: number } };
    meta.totals.weightReads += 1;
    writeFileSync(metaPath, JSON.stringify(meta));
    expect(replayError(dir2).message).toMatch(/field totals/);
  });
});
