import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load.js';
import type { Placement } from '../records/placement.js';
import { checkContext } from './check-context.js';
import { placementProblems, replicaStateProblems } from './placement-checks.js';
import { createRecordChecker } from './record-checks.js';

// 2x2 cores under 4x4x2 banks; 2 layers x 4 experts + 1 shared per layer = 10 experts; one 64 MiB shard per 64 MiB bank
const arch = parseConfigText('arch', 'mesh: {cores: [2, 2]}\ndram: {banks: [4, 4, 2]}\ngeometry: {}\n');
const workload = parseConfigText(
  'workload',
  'model: t\nmoe: {layers: 2, experts_per_layer: 4, shared_experts: 1}\nrouting: {topk: 2}\nsequence: {tokens: 8, micro_batch: 2, steps: 2}\noperators: {fc: {flop_per_token: 1e9}, attn: {flop_per_token: 1e8, kv_bytes_per_token: 64}}\n',
);
const ctx = checkContext(arch, workload);

function goodPlacement(): Placement {
  const experts: Placement['experts'] = {};
  const tensors: Placement['tensors'] = {};
  for (let e = 0; e < 10; e++) {
    experts[`E${e}`] = { cores: [e % 4], policy: 'single' };
    tensors[`W_E${e}_0`] = { dram_bank: `B(${e % 4},${Math.floor(e / 4)},0)` };
  }
  return { experts, tensors };
}

const paths = (ps: { path: string }[]) => ps.map((p) => p.path);

describe('placement against the configs', () => {
  it('a complete placement on the mesh passes', () => {
    expect(placementProblems(goodPlacement(), ctx)).toEqual([]);
  });

  it('core 64 on a 2x2 mesh, bank B(999,999,999), an expert that does not exist, a missing expert, two shards in one bank', () => {
    const p = goodPlacement();
    p.experts.E1 = { cores: [64], policy: 'single' };
    p.tensors.W_E2_0 = { dram_bank: 'B(999,999,999)' };
    p.experts.E9999 = { cores: [0], policy: 'single' };
    delete p.experts.E3;
    p.tensors.W_E4_0 = { dram_bank: 'B(0,0,0)' };
    const ps = placementProblems(p, ctx);
    expect(paths(ps)).toEqual(
      expect.arrayContaining([
        'experts.E1.cores.0',
        'tensors.W_E2_0.dram_bank',
        'experts.E9999',
        'experts',
        'tensors.W_E4_0.dram_bank',
      ]),
    );
    expect(ps.find((x) => x.path === 'experts.E1.cores.0')?.message).toBe('core 64 is not on the mesh (cores 0..3)');
    expect(ps.find((x) => x.path === 'experts')?.message).toMatch(/1 expert\(s\) of the workload have no core: E3/);
    expect(ps.find((x) => x.path === 'tensors.W_E4_0.dram_bank')?.message).toMatch(
      /bank B\(0,0,0\) holds 2 weight shards .*it holds 1/,
    );
  });

  it('more shards per bank are allowed when the bank holds them', () => {
    const big = checkContext(
      parseConfigText('arch', 'mesh: {cores: [2, 2]}\ndram: {banks: [4, 4, 2], bank_capacity_mb: 128}\ngeometry: {}\n'),
      workload,
    );
    const p = goodPlacement();
    p.tensors.W_E4_0 = { dram_bank: 'B(0,0,0)' };
    expect(placementProblems(p, big)).toEqual([]);
  });

  it('replica state: experts that exist, cores on the mesh', () => {
    expect(replicaStateProblems({ E1: { cores: [1, 2], ts_created_ns: 5 } }, ctx)).toEqual([]);
    expect(
      paths(replicaStateProblems({ E99: { cores: [7], ts_created_ns: 5, ready_ns_by_core: { '9': 1 } } }, ctx)),
    ).toEqual(['E99', 'E99.cores.0', 'E99.ready_ns_by_core.9']);
  });
});

describe('trace and overlay rows against the configs', () => {
  const fc = (event_id: number, experts: string[], layer = 0) => ({
    event_id,
    t_gen_ns: 0,
    mb_id: 0,
    token_id: 0,
    experts_json: experts,
    flops_json: experts.map(() => 1),
    op_type: 'fc' as const,
    layer,
  });
  const attn = (event_id: number) => ({
    event_id,
    t_gen_ns: 0,
    mb_id: 0,
    token_id: 0,
    experts_json: [],
    flops_json: [1],
    op_type: 'attn' as const,
    layer: 0,
  });

  it('logical compute: dense increasing ids, experts existing, distinct, in the layer, topk + shared of them', () => {
    const c = createRecordChecker('logical_compute', ctx);
    expect(c.row(attn(0))).toEqual([]);
    expect(c.row(fc(1, ['E0', 'E3', 'E8']))).toEqual([]);
    expect(paths(c.row(fc(1, ['E0', 'E3', 'E8'])))).toEqual(['event_id']); // duplicate
    expect(c.row(attn(5))[0]?.message).toMatch(/skips ids 2\.\.4/); // missing
    expect(paths(c.row(fc(6, ['E0', 'E0', 'E8'])))).toEqual(['experts_json.1']);
    expect(c.row(fc(7, ['E0', 'E9999', 'E8']))[0]?.message).toMatch(
      /expert E9999 does not exist: the workload has 10 experts/,
    );
    expect(c.row(fc(8, ['E0', 'E5', 'E8']))[0]?.message).toMatch(/expert E5 is in layer 1, the row is layer 0/);
    expect(c.row(fc(9, ['E0', 'E1']))[0]?.message).toMatch(
      /expected 3 experts \(routing\.topk 2 \+ moe\.shared_experts 1\)/,
    );
  });

  it('logical memory, overlays, physical events', () => {
    const m = createRecordChecker('logical_memory', ctx);
    expect(m.row({ event_id: 1, tensor_id: 'W_E9_0', access: 'read', bytes: 1, locality_hint: '' })).toEqual([]);
    expect(m.row({ event_id: 1, tensor_id: 'KV_L1_MB0', access: 'read', bytes: 1, locality_hint: '' })).toEqual([]);
    expect(paths(m.row({ event_id: 0, tensor_id: 'W_E10_0', access: 'read', bytes: 1, locality_hint: '' }))).toEqual([
      'tensor_id',
      'event_id',
    ]);
    const rr = createRecordChecker('overlay_reroute', ctx);
    expect(
      paths(
        rr.row({
          t_apply_ns: 0,
          scope: 'mb',
          from_core: 33,
          to_core: 1,
          mb_ids_json: [],
          reason: 'x',
          expected_gain: 0,
          expert_id: 'E77',
        }),
      ),
    ).toEqual(['from_core', 'expert_id']);
    const mg = createRecordChecker('overlay_migrate', ctx);
    expect(
      paths(
        mg.row({
          t_apply_ns: 0,
          obj_type: 'weight',
          obj_id: 'W_E1_0',
          src: 'B(0,0,0)',
          dst: 'B(9,0,0)',
          size_bytes: 1,
          cost: 0,
        }),
      ),
    ).toEqual(['dst']);
    expect(
      paths(mg.row({ t_apply_ns: 0, obj_type: 'replica', obj_id: 'E1', src: '0', dst: '4', size_bytes: 1, cost: 0 })),
    ).toEqual(['dst']);
    const ce = createRecordChecker('compute_events', ctx);
    const ev = (evt_id: number, core_id: number) => ({
      evt_id,
      t_start_ns: 0,
      core_id,
      duration_cycles: 1,
      flops: 1,
      op: 'fc',
      dvfs_domain: '0',
      power_hint: '',
    });
    expect(ce.row(ev(3, 0))).toEqual([]);
    expect(paths(ce.row(ev(3, 4)))).toEqual(['evt_id', 'core_id']);
    const me = createRecordChecker('memory_events', ctx);
    expect(
      paths(
        me.row({
          evt_id: 0,
          t_start_ns: 0,
          src_core: 0,
          dst_bank: 'B(0,0,2)',
          bytes: 1,
          rw: 'r',
          hops: 0,
          noc_qos: '',
        }),
      ),
    ).toEqual(['dst_bank']);
  });
});
