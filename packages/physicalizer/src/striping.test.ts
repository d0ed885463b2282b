/**
 * Striped weight shards, the vault (TSV) bandwidth limit and token traffic
 * (dispatch / combine) of the timing model (README "Timing model").
 */
import { buildTopology } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { roundRobinPlacement, smallArch, smallTas, smallWorkload } from './__testing__/fixtures.js';
import { flatten, runToEnd, sum } from './__testing__/run.js';
import { syntheticSource } from './__testing__/synthetic-source.js';
import { createPhysicalizer } from './physicalizer.js';

const MIB = 1024 * 1024;

function run(
  dram: { stripe_banks: number; vault_bw_gbps: number },
  workloadOver: Parameters<typeof smallWorkload>[0] = {},
) {
  const arch = smallArch({ dram: { banks: [8, 8, 2], ...dram } });
  const workload = smallWorkload({ tensors: { weight_shard_mb: 8, shards_per_expert: 1 }, ...workloadOver });
  const tas = smallTas();
  const opts = {
    arch,
    tas,
    workload,
    placement: roundRobinPlacement(arch, workload),
    source: syntheticSource(workload),
  };
  const ws = runToEnd(createPhysicalizer(opts));
  return { arch, workload, ws, ev: flatten(ws) };
}

describe('striped weight shards', () => {
  it('a shard read touches stripe_banks banks of its vault, one per die first, each with its share of the bytes', () => {
    const { arch, ev } = run({ stripe_banks: 2, vault_bw_gbps: 1e6 });
    const topo = buildTopology(arch);
    const weights = ev.memory.filter((m) => m.bytes === 4 * MIB);
    expect(weights.length).toBeGreaterThan(0);
    expect(ev.memory.filter((m) => m.bytes === 8 * MIB)).toHaveLength(0);
    // events of one read share start time and core: the two banks are the same position on dies 0 and 1 of one vault
    const byRead = new Map<string, number[]>();
    for (const m of weights) byRead.set(`${m.t}/${m.core}`, [...(byRead.get(`${m.t}/${m.core}`) ?? []), m.bank]);
    for (const banks of byRead.values()) {
      expect(banks.length % 2).toBe(0);
      const [a, b] = banks.map((x) => topo.bankCoord(x));
      expect(a?.layer).not.toBe(b?.layer);
      expect([a?.x, a?.y]).toEqual([b?.x, b?.y]);
      expect(topo.bankOwnerCore(banks[0] ?? 0)).toBe(topo.bankOwnerCore(banks[1] ?? 0));
    }
  });

  it('two banks read a 16 MiB shard in half the time of one when the vault is not the limit', () => {
    const big = { tensors: { weight_shard_mb: 16, shards_per_expert: 1 } };
    const one = run({ stripe_banks: 1, vault_bw_gbps: 1e6 }, big).ev.compute.filter((c) => c.op === 0);
    const two = run({ stripe_banks: 2, vault_bw_gbps: 1e6 }, big).ev.compute.filter((c) => c.op === 0);
    // 16 MiB / 25 GB/s = 671 us on one bank, 335.5 us on two (both above the 200 us of compute); cycles at 2 GHz
    expect(Math.min(...one.map((c) => c.cycles)) / 2).toBeCloseTo((16 * MIB) / 25, -1);
    expect(Math.min(...two.map((c) => c.cycles)) / 2).toBeCloseTo((16 * MIB) / 50, -1);
  });

  it('the vault TSV bandwidth caps a striped read: 8 MiB over 4 banks at a 10 GB/s vault takes 8 MiB / 10 GB/s', () => {
    const fc = run({ stripe_banks: 4, vault_bw_gbps: 10 }).ev.compute.filter((c) => c.op === 0);
    expect(Math.min(...fc.map((c) => c.cycles)) / 2).toBeCloseTo((8 * MIB) / 10, -1);
  });
});

describe('token traffic', () => {
  const dims = { hidden: 64, ffn: 8192, matrices: 2, dtype_bytes: 2 };
  // 64 x 8192 x 2 x 2 B = 2 MiB per expert = 2 shards of 1 MiB; 2 experts x 2 x 64 x 8192 x 2 FLOPs per token
  const over = {
    moe: { layers: 3, experts_per_layer: 6, shared_experts: 0, model_dims: dims },
    operators: {
      fc: { flop_per_token: 2 * 2 * 64 * 8192 * 2 },
      attn: { flop_per_token: 1e7, kv_bytes_per_token: 256 },
    },
    tensors: { weight_shard_mb: 1, shards_per_expert: 2 },
  };

  it('every (token, expert) pair sends its hidden state to the expert core and gets it back, over the XY route', () => {
    const { arch, workload, ws, ev } = run({ stripe_banks: 1, vault_bw_gbps: 1e6 }, over);
    const act = dims.hidden * dims.dtype_bytes;
    const tokenEvents = ev.memory.filter((m) => m.bytes === act);
    const pairs =
      workload.sequence.steps *
      workload.sequence.concurrency *
      workload.sequence.micro_batch *
      workload.moe.layers *
      workload.routing.topk;
    expect(tokenEvents.filter((m) => m.rw === 0)).toHaveLength(pairs);
    expect(tokenEvents.filter((m) => m.rw === 1)).toHaveLength(pairs);
    const topo = buildTopology(arch);
    for (const m of tokenEvents) expect(m.hops).toBe(topo.hops(topo.bankOwnerCore(m.bank), m.core));
    const flits =
      sum(tokenEvents.map((m) => Math.ceil(m.bytes / 32) * m.hops)) +
      sum(ev.memory.filter((m) => m.bytes !== act).map((m) => Math.ceil(m.bytes / 32) * m.hops));
    expect(flits).toBeGreaterThan(0);
    expect(sum(ws.map((w) => sum(w.linkFlits)))).toBeCloseTo(flits, 3);
  });

  it('without model_dims tokens send nothing', () => {
    const { ev } = run({ stripe_banks: 1, vault_bw_gbps: 1e6 });
    expect(ev.memory.every((m) => m.hops === 0)).toBe(true);
  });
});
