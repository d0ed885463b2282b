import { describe, expect, it } from 'vitest';
import { LogicalComputeCsv, LogicalMemoryCsv, type LogicalCompute, type LogicalMemory } from '@tasmoe/schemas';
import { workload } from './__fixtures__/workloads.js';
import { chunkCsvRows, LOGICAL_COMPUTE_COLUMNS, LOGICAL_MEMORY_COLUMNS } from './csv-rows.js';
import { createLogicalSource } from './logical-source.js';

const cfg = workload({
  layers: 2,
  experts: 6,
  shared: 1,
  topk: 2,
  microBatch: 3,
  concurrency: 2,
  steps: 4,
  shards: 2,
  tokens: 10,
  kv: 100,
});
const src = createLogicalSource(cfg, { stepsPerChunk: 2 });

function parseRows<T>(
  kind: { columns: readonly string[]; fromCells(c: Record<string, string>): T },
  rows: (string | number)[][],
): T[] {
  return rows.map((r) => kind.fromCells(Object.fromEntries(kind.columns.map((c, i) => [c, String(r[i])]))));
}

describe('chunkCsvRows', () => {
  it('uses the seed columns in the schema order (plus the layer extra) and produces schema-valid rows', () => {
    expect(LOGICAL_COMPUTE_COLUMNS).toEqual([
      'event_id',
      't_gen_ns',
      'mb_id',
      'token_id',
      'experts_json',
      'flops_json',
      'op_type',
      'layer',
    ]);
    expect(LOGICAL_MEMORY_COLUMNS).toEqual(['event_id', 'tensor_id', 'access', 'bytes', 'locality_hint']);
    const rows = chunkCsvRows(src.chunk(1), src.shape);
    const compute = parseRows<LogicalCompute>(LogicalComputeCsv, rows.compute);
    const memory = parseRows<LogicalMemory>(LogicalMemoryCsv, rows.memory);
    // cells are exactly what the record kind itself would write
    compute.forEach((rec, i) =>
      expect(LogicalComputeCsv.toCells(rec).map(String)).toEqual(rows.compute[i]?.map(String)),
    );
    memory.forEach((rec, i) => expect(LogicalMemoryCsv.toCells(rec).map(String)).toEqual(rows.memory[i]?.map(String)));
  });

  it('maps token-layer event g to an attn row 2g and an fc row 2g+1 carrying its experts and FLOPs', () => {
    const chunk = src.chunk(1);
    const compute = parseRows<LogicalCompute>(LogicalComputeCsv, chunkCsvRows(chunk, src.shape).compute);
    expect(compute).toHaveLength(2 * chunk.eventCount);
    for (let i = 0; i < chunk.eventCount; i++) {
      const g = chunk.eventIdBase + i;
      const attn = compute[2 * i];
      const fcRow = compute[2 * i + 1];
      expect(attn).toEqual({
        event_id: 2 * g,
        t_gen_ns: (chunk.step[i] as number) * 1e6,
        mb_id: chunk.mb[i],
        token_id: chunk.token[i],
        experts_json: [],
        flops_json: [cfg.operators.attn.flop_per_token],
        op_type: 'attn',
        layer: chunk.layer[i],
      });
      expect(fcRow?.event_id).toBe(2 * g + 1);
      expect(fcRow?.op_type).toBe('fc');
      expect(fcRow?.experts_json).toEqual(Array.from(chunk.experts.subarray(i * 3, i * 3 + 3), (n) => `E${n}`));
      expect(fcRow?.flops_json).toEqual([1e9, 1e9, 1e9]);
    }
  });

  it('writes one KV read per token-layer and each weight read against the first fc row that uses the expert', () => {
    const chunk = src.chunk(0);
    const rows = chunkCsvRows(chunk, src.shape);
    const memory = parseRows<LogicalMemory>(LogicalMemoryCsv, rows.memory);
    const compute = parseRows<LogicalCompute>(LogicalComputeCsv, rows.compute);
    const byId = new Map(compute.map((r) => [r.event_id, r]));
    const kv = memory.filter((m) => m.tensor_id.startsWith('KV_'));
    const weights = memory.filter((m) => m.tensor_id.startsWith('W_E'));
    expect(kv).toHaveLength(chunk.eventCount);
    expect(weights).toHaveLength(chunk.weightReadCount);
    for (const r of kv) {
      const attn = byId.get(r.event_id);
      expect(attn?.op_type).toBe('attn');
      const slot = (attn?.mb_id ?? 0) % 2;
      expect(r.tensor_id).toBe(`KV_L${attn?.layer}_MB${slot}`);
      expect(r.locality_hint).toBe(`seq${(attn?.token_id ?? 0) - (attn?.mb_id ?? 0) * 3}`);
      expect(r.bytes).toBe((10 + Math.floor((attn?.t_gen_ns ?? 0) / 1e6)) * 100);
    }
    const seen = new Set<string>();
    for (const r of weights) {
      const [, expert, shard] = /^W_(E\d+)_(\d+)$/.exec(r.tensor_id) ?? [];
      const user = byId.get(r.event_id);
      expect(user?.op_type).toBe('fc');
      expect(user?.experts_json).toContain(expert);
      expect(r.locality_hint).toBe(`shard${shard}`);
      // no earlier token of the same micro-batch and layer used it
      const earlier = compute.filter(
        (c) => c.op_type === 'fc' && c.mb_id === user?.mb_id && c.layer === user.layer && c.event_id < user.event_id,
      );
      expect(earlier.some((c) => c.experts_json.includes(expert as `E${number}`))).toBe(false);
      const key = `${user?.mb_id}/${user?.layer}/${r.tensor_id}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    const ids = memory.map((m) => m.event_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("refuses a chunk whose weight reads are not in the generator's order", () => {
    const chunk = src.chunk(0);
    const wExpert = Int32Array.from(chunk.wExpert).reverse();
    expect(() => chunkCsvRows({ ...chunk, wExpert }, src.shape)).toThrow(
      expect.objectContaining({ code: 'TRACE_CHUNK_INVALID' }),
    );
  });
});
