import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InputValidationError, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { workload, workloadInput } from './__fixtures__/workloads.js';
import { generateLogicalTraces } from './generate-traces.io.js';
import { workloadHash } from './trace-meta.js';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'tasmoe-traces-'));
const cfg = workload({
  layers: 3,
  experts: 8,
  shared: 1,
  topk: 2,
  microBatch: 8,
  concurrency: 2,
  steps: 12,
  shards: 2,
});

function files(dir: string): { compute: string; memory: string; meta: string } {
  return {
    compute: readFileSync(path.join(dir, 'logical_compute.csv'), 'utf8'),
    memory: readFileSync(path.join(dir, 'logical_memory.csv'), 'utf8'),
    meta: readFileSync(path.join(dir, 'trace_meta.json'), 'utf8'),
  };
}

describe('generateLogicalTraces', () => {
  it('same seed + config gives byte-identical files, whatever the chunking; another seed differs', async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    await generateLogicalTraces(cfg, a);
    await generateLogicalTraces(cfg, b, { stepsPerChunk: 5 });
    await generateLogicalTraces(cfg, c, { seed: cfg.routing.seed + 1 });
    expect(files(b)).toEqual(files(a));
    expect(files(c).compute).not.toEqual(files(a).compute);
    expect(files(c).memory).not.toEqual(files(a).memory);
    expect(readdirSync(a).sort()).toEqual(['logical_compute.csv', 'logical_memory.csv', 'trace_meta.json']);
  });

  it('records the seed, config hash and totals that the CSVs add up to', async () => {
    const dir = tmp();
    const progress: number[] = [];
    const r = await generateLogicalTraces(cfg, dir, {
      seed: 99,
      stepsPerChunk: 4,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(progress).toEqual([4 / 12, 8 / 12, 1]);
    const meta = JSON.parse(files(dir).meta) as typeof r.meta;
    expect(meta.seed).toBe(99);
    expect(meta.config_sha256).toBe(workloadHash(cfg));
    const compute = parse(files(dir).compute, { columns: true }) as Record<string, string>[];
    const memory = parse(files(dir).memory, { columns: true }) as Record<string, string>[];
    const tokens = 12 * 8 * 2;
    expect(compute).toHaveLength(meta.totals.computeRows);
    expect(compute.filter((row) => row.op_type === 'fc')).toHaveLength(tokens * 3);
    expect(memory).toHaveLength(meta.totals.memoryRows);
    const sum = (rows: Record<string, string>[], f: (row: Record<string, string>) => number): number =>
      rows.reduce((s, row) => s + f(row), 0);
    const flops = (op: string) =>
      sum(
        compute.filter((row) => row.op_type === op),
        (row) => (JSON.parse(row.flops_json ?? '[]') as number[]).reduce((x, y) => x + y, 0),
      );
    expect(flops('fc') / (tokens * 3 * cfg.operators.fc.flop_per_token)).toBeCloseTo(1, 12);
    expect(flops('attn')).toBe(tokens * 3 * cfg.operators.attn.flop_per_token);
    expect(meta.totals.fcFlops / (tokens * 3 * cfg.operators.fc.flop_per_token)).toBeCloseTo(1, 12);
    expect(sum(memory, (row) => Number(row.bytes))).toBe(meta.totals.kvBytes + meta.totals.weightBytes);
    expect(r.computePath).toBe(path.join(dir, 'logical_compute.csv'));
  });

  it('refuses a bad workload before creating anything', async () => {
    const dir = path.join(tmp(), 'out');
    const input = workloadInput();
    const bad = { ...input, sequence: { ...input.sequence, tokens: 0 } } as unknown as ResolvedWorkloadConfig;
    await expect(generateLogicalTraces(bad, dir)).rejects.toThrow(InputValidationError);
    await expect(generateLogicalTraces(bad, dir)).rejects.toThrow(/sequence\.tokens/);
    expect(existsSync(dir)).toBe(false);
  });

  it('reports an unwritable folder as TRACE_IO with the cause kept', async () => {
    const parent = tmp();
    writeFileSync(path.join(parent, 'plain-file'), 'x');
    const err: unknown = await generateLogicalTraces(cfg, path.join(parent, 'plain-file', 'out')).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'TRACE_IO', message: expect.stringContaining('ENOTDIR') });
    expect((err as Error).cause).toMatchObject({ code: 'ENOTDIR' });
    expect(readdirSync(parent)).toEqual(['plain-file']);
  });
});
