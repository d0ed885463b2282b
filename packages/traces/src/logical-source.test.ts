import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InputValidationError,
  describeExpertNumber,
  type LogicalChunk,
  type ResolvedWorkloadConfig,
} from '@tasmoe/schemas';
import { shippedWorkload, workload, workloadInput, type WorkloadShapeInput } from './__fixtures__/workloads.js';
import { TracesError } from './errors.js';
import { createLogicalSource } from './logical-source.js';

const shapeArb: fc.Arbitrary<WorkloadShapeInput> = fc
  .record({
    layers: fc.integer({ min: 1, max: 4 }),
    // up to 40 so both draw methods (scan for <= 16 experts, alias rejection above) are covered
    experts: fc.integer({ min: 1, max: 40 }),
    shared: fc.integer({ min: 0, max: 2 }),
    topkFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    zipf: fc.double({ min: 0, max: 3, noNaN: true }),
    seed: fc.integer({ min: -1000, max: 1000 }),
    microBatch: fc.integer({ min: 1, max: 6 }),
    steps: fc.integer({ min: 1, max: 7 }),
    concurrency: fc.integer({ min: 1, max: 3 }),
    shards: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ topkFrac, experts, ...rest }) => ({ ...rest, experts, topk: 1 + Math.floor(topkFrac * (experts - 1)) }));

function allChunks(cfg: ResolvedWorkloadConfig, stepsPerChunk: number): LogicalChunk[] {
  const src = createLogicalSource(cfg, { stepsPerChunk });
  return Array.from({ length: src.chunkCount }, (_, i) => src.chunk(i));
}

const EVENT_COLUMNS = ['step', 'mb', 'token', 'layer', 'attnFlops', 'kvBytes'] as const;
const READ_COLUMNS = ['wStep', 'wMb', 'wLayer', 'wExpert', 'wShard', 'wBytes'] as const;

/** The whole trace as plain arrays, whatever the chunking. */
function flatten(chunks: readonly LogicalChunk[]): Record<string, number[]> {
  const out: Record<string, number[]> = { experts: [], expertFlops: [] };
  for (const col of [...EVENT_COLUMNS, ...READ_COLUMNS]) out[col] = [];
  for (const c of chunks) {
    for (const col of [...EVENT_COLUMNS, ...READ_COLUMNS, 'experts', 'expertFlops'] as const) out[col]?.push(...c[col]);
  }
  return out;
}

describe('createLogicalSource: event layout', () => {
  it('orders events by (step, layer, mb, token) with dense ids and the documented mb_id / token_id', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 4 }), (s, spc) => {
        const cfg = workload(s);
        const { layers = 1, microBatch: B = 1, concurrency: C = 1 } = s;
        let expectedId = 0;
        for (const chunk of allChunks(cfg, spc)) {
          expect(chunk.eventIdBase).toBe(expectedId);
          expect(chunk.eventCount).toBe(chunk.stepCount * layers * C * B);
          let i = 0;
          for (let st = chunk.stepStart; st < chunk.stepStart + chunk.stepCount; st++) {
            for (let l = 0; l < layers; l++) {
              for (let j = 0; j < C; j++) {
                for (let t = 0; t < B; t++, i++) {
                  expect([chunk.step[i], chunk.layer[i], chunk.mb[i], chunk.token[i]]).toEqual([
                    st,
                    l,
                    st * C + j,
                    st * C * B + j * B + t,
                  ]);
                }
              }
            }
          }
          expectedId += chunk.eventCount;
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives every event topk distinct routed experts of its own layer, then its layer's shared experts", () => {
    fc.assert(
      fc.property(shapeArb, (s) => {
        const cfg = workload(s);
        for (const chunk of allChunks(cfg, 2)) {
          expect(chunk.k).toBe(cfg.routing.topk + cfg.moe.shared_experts);
          for (let i = 0; i < chunk.eventCount; i++) {
            const ex = Array.from(chunk.experts.subarray(i * chunk.k, (i + 1) * chunk.k));
            expect(new Set(ex).size).toBe(chunk.k);
            ex.forEach((n, x) => {
              const d = describeExpertNumber(n, cfg.moe);
              expect(d.layer).toBe(chunk.layer[i]);
              expect(d.shared).toBe(x >= cfg.routing.topk);
              if (d.shared) expect(d.index).toBe(x - cfg.routing.topk);
            });
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads each (step, micro-batch, layer, used expert, shard) weight exactly once, whole shards', () => {
    fc.assert(
      fc.property(shapeArb, (s) => {
        const cfg = workload(s);
        for (const chunk of allChunks(cfg, 3)) {
          const expected = new Set<string>();
          for (let i = 0; i < chunk.eventCount; i++) {
            for (let x = 0; x < chunk.k; x++) {
              for (let sh = 0; sh < cfg.tensors.shards_per_expert; sh++) {
                expected.add(
                  `${chunk.step[i]}/${chunk.mb[i]}/${chunk.layer[i]}/${chunk.experts[i * chunk.k + x]}/${sh}`,
                );
              }
            }
          }
          const got: string[] = [];
          for (let w = 0; w < chunk.weightReadCount; w++) {
            got.push(`${chunk.wStep[w]}/${chunk.wMb[w]}/${chunk.wLayer[w]}/${chunk.wExpert[w]}/${chunk.wShard[w]}`);
            expect(chunk.wBytes[w]).toBe(Math.round(cfg.tensors.weight_shard_mb * 1024 * 1024));
          }
          expect(got.length).toBe(expected.size);
          expect(new Set(got)).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('KV read of a token-layer = (context + step) x kv_bytes_per_token; attention FLOPs per token-layer', () => {
    const cfg = workload({ tokens: 100, kv: 96, attn: 7e8, steps: 4 });
    for (const chunk of allChunks(cfg, 3)) {
      for (let i = 0; i < chunk.eventCount; i++) {
        expect(chunk.kvBytes[i]).toBe((100 + (chunk.step[i] as number)) * 96);
        expect(chunk.attnFlops[i]).toBe(7e8);
      }
    }
  });
});

describe('createLogicalSource: determinism and random access', () => {
  it('chunk k made alone equals chunk k of a sequential run', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 4 }), fc.nat(), (s, spc, kRaw) => {
        const cfg = workload(s);
        const sequential = allChunks(cfg, spc);
        const k = kRaw % sequential.length;
        const alone = createLogicalSource(cfg, { stepsPerChunk: spc }).chunk(k);
        expect(alone).toEqual(sequential[k]);
      }),
      { numRuns: 60 },
    );
  });

  it('chunks can be made in any order; the trace does not depend on stepsPerChunk', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 5 }), (s, spc) => {
        const cfg = workload(s);
        const src = createLogicalSource(cfg, { stepsPerChunk: spc });
        const reversed = Array.from({ length: src.chunkCount }, (_, i) => src.chunkCount - 1 - i)
          .map((i) => src.chunk(i))
          .reverse();
        expect(flatten(reversed)).toEqual(flatten(allChunks(cfg, 1)));
      }),
      { numRuns: 40 },
    );
  });

  it('another seed gives another routing; the seed option overrides routing.seed', () => {
    const cfg = workload({ steps: 3, seed: 1 });
    const a = flatten(allChunks(cfg, 1)).experts;
    const b = flatten(allChunks(workload({ steps: 3, seed: 2 }), 1)).experts;
    expect(a).not.toEqual(b);
    const c = createLogicalSource(cfg, { seed: 2 });
    expect(c.shape.seed).toBe(2);
    expect(flatten([c.chunk(0), c.chunk(1), c.chunk(2)]).experts).toEqual(b);
  });
});

describe('createLogicalSource: conservation on the shipped configs', () => {
  for (const file of ['workload_mixtral_8x7b.yaml', 'workload_deepseek_v2.yaml']) {
    it(`${file}: every token passes every layer once; FLOP totals = tokens x layers x flop_per_token`, () => {
      const cfg = shippedWorkload(file);
      const src = createLogicalSource(cfg, { stepsPerChunk: 50 });
      const tokens = cfg.sequence.steps * cfg.sequence.micro_batch * cfg.sequence.concurrency;
      const seen = new Uint8Array(tokens * cfg.moe.layers);
      let fcFlops = 0;
      let attnFlops = 0;
      let events = 0;
      for (let c = 0; c < src.chunkCount; c++) {
        const chunk = src.chunk(c);
        events += chunk.eventCount;
        for (let i = 0; i < chunk.eventCount; i++) {
          const slot = (chunk.token[i] as number) * cfg.moe.layers + (chunk.layer[i] as number);
          seen[slot] = (seen[slot] as number) + 1;
        }
        for (const f of chunk.expertFlops) fcFlops += f;
        for (const f of chunk.attnFlops) attnFlops += f;
      }
      expect(events).toBe(tokens * cfg.moe.layers);
      expect(seen.every((v) => v === 1)).toBe(true);
      expect(fcFlops / (tokens * cfg.moe.layers * cfg.operators.fc.flop_per_token)).toBeCloseTo(1, 12);
      expect(attnFlops / (tokens * cfg.moe.layers * cfg.operators.attn.flop_per_token)).toBeCloseTo(1, 12);
    });
  }
});

describe('createLogicalSource: refused inputs', () => {
  it('top-k above experts_per_layer is refused with the field path and what was expected', () => {
    const bad = { ...workloadInput(), routing: { topk: 9, seed: 1, zipf_s: 1 } } as unknown as ResolvedWorkloadConfig;
    expect(() => createLogicalSource(bad)).toThrow(InputValidationError);
    expect(() => createLogicalSource(bad)).toThrow(
      '<workload config>: routing.topk: expected at most moe.experts_per_layer (8), got 9',
    );
  });
  it('zero context tokens is refused at sequence.tokens', () => {
    const input = workloadInput();
    const bad = { ...input, sequence: { ...input.sequence, tokens: 0 } } as unknown as ResolvedWorkloadConfig;
    expect(() => createLogicalSource(bad)).toThrow(/sequence\.tokens/);
  });
  it('bad options and chunk indices are typed errors', () => {
    const cfg = workload();
    expect(() => createLogicalSource(cfg, { stepsPerChunk: 0 })).toThrow(TracesError);
    expect(() => createLogicalSource(cfg, { seed: 1.5 })).toThrow(/seed must be an integer/);
    const src = createLogicalSource(cfg, { stepsPerChunk: 2 });
    expect(src.chunkCount).toBe(3);
    expect(src.chunk(2).stepCount).toBe(1);
    expect(() => src.chunk(3)).toThrow(expect.objectContaining({ code: 'TRACE_CHUNK_OUT_OF_RANGE' }));
  });
  it('a trace too large for 32-bit token ids is refused before generating', () => {
    const cfg = workload({ microBatch: 65536, steps: 40000 });
    expect(() => createLogicalSource(cfg)).toThrow(expect.objectContaining({ code: 'TRACE_TOO_LARGE' }));
  });
});
