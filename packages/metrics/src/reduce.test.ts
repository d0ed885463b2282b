import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { METRICS_COLUMNS, MetricsRowSchema } from '@tasmoe/schemas';
import { metricsCsv, windowMetricsCsvHeader, windowMetricsCsvRows } from './csv.js';
import { createMetricsAccumulator, percentile, reduceWindowMetrics } from './reduce.js';
import type { WindowMetrics } from './window-metrics.js';

function win(i: number, over: Partial<WindowMetrics> = {}): WindowMetrics {
  return {
    win: i,
    t_start_ms: i * 3,
    t_end_ms: (i + 1) * 3,
    T_peak_logic: 70,
    T_peak_dram: 75,
    T_mean_logic: 65,
    T_mean_dram: 70,
    T_var_core: 4,
    tokens: 32,
    steps_done: 1,
    lat_sum_ms: 3,
    lat_max_ms: 3,
    dram_bytes: 1e9,
    dram_capacity_bytes: 4e9,
    refresh_mhz: 0.25,
    noc_flit_hops: 10,
    noc_capacity_flit_hops: 100,
    freq_mean_ghz: 2,
    throttled_fraction: 0,
    migrations: 0,
    reroutes: 0,
    weight_moves: 0,
    replicas_created: 0,
    replicas_retired: 0,
    energy_j: 0.1,
    power_logic_w: 20,
    power_dram_w: 13.3,
    banks_touched: 100,
    expert_tasks: 10,
    expert_compute_ms: 0.05,
    expert_weight_read_ms: 1,
    ...over,
  };
}

const id = { scenario: 'baseline' as const, workload: 'mixtral-8x7b' };

describe('reduceWindowMetrics', () => {
  it('computes the seed columns from windows', () => {
    const ws = [
      win(0, { T_peak_logic: 71, T_mean_logic: 60 }),
      win(1, { T_peak_logic: 80, T_peak_dram: 90, T_mean_logic: 70 }),
      win(2, { tokens: 0, steps_done: 0, lat_sum_ms: 0 }),
    ];
    const r = reduceWindowMetrics(id, ws, [[3], [4], []]);
    expect(MetricsRowSchema.parse(r)).toBeTruthy();
    expect(r.T_peak_logic).toBe(80);
    expect(r.T_peak_dram).toBe(90);
    expect(r.T_avg).toBeCloseTo((60 + 70 + 65) / 3, 10);
    // 64 tokens done by the end of window 1 (6 ms): trailing idle windows do not dilute throughput
    expect(r.ips).toBeCloseTo(64 / 0.006, 6);
    expect(r.lat_ms).toBeCloseTo(3, 10);
    expect(r.lat_p99_ms).toBe(4);
    expect(r.bw_util).toBeCloseTo(0.25, 10);
    expect(r.noc_load).toBeCloseTo(0.1, 10);
    expect(r.refresh_mhz).toBeCloseTo(0.25, 10);
    expect(r.energy_j).toBeCloseTo(0.3, 10);
    expect(r.windows).toBe(3);
  });
  it('streaming accumulator equals the list reduction, whatever the split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ T: fc.double({ min: 20, max: 120, noNaN: true }), tok: fc.nat(64), b: fc.nat(1e9) }), {
          minLength: 1,
          maxLength: 30,
        }),
        (xs) => {
          const ws = xs.map((x, i) =>
            win(i, { T_peak_logic: x.T, T_mean_logic: x.T - 5, tokens: x.tok, dram_bytes: x.b }),
          );
          const acc = createMetricsAccumulator(id);
          for (const w of ws) acc.add(w);
          expect(acc.result()).toEqual(reduceWindowMetrics(id, ws));
          expect(acc.result().T_peak_logic).toBe(Math.max(...xs.map((x) => x.T)));
        },
      ),
    );
  });
  it('percentile is nearest-rank', () => {
    expect(percentile([], 99)).toBe(0);
    expect(percentile([5], 99)).toBe(5);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(99);
  });
});

describe('run-level metrics after the seed columns', () => {
  // Four 3 ms windows (0-3, 3-6, 6-9, 9-12 ms), Thot = 80 °C.
  const ws = [
    win(0, { T_peak_logic: 79.99, throttled_fraction: 0, energy_j: 0.5, tokens: 10 }),
    win(1, { T_peak_logic: 80, throttled_fraction: 0.25, energy_j: 0.5, tokens: 10 }),
    win(2, { T_peak_logic: 75, throttled_fraction: 0, energy_j: 1, tokens: 0 }),
    win(3, { T_peak_logic: 85, throttled_fraction: 1 / 64, energy_j: 2, tokens: 20 }),
  ];
  const opts = { thotC: 80 };

  it('hot_window_share: windows with T_peak_logic >= Thot (at Thot counts)', () => {
    expect(reduceWindowMetrics(id, ws, undefined, opts).hot_window_share).toBe(2 / 4);
  });
  it('t_first_hot_ms: end of the first window at or above Thot', () => {
    expect(reduceWindowMetrics(id, ws, undefined, opts).t_first_hot_ms).toBe(6);
    expect(reduceWindowMetrics(id, ws, undefined, { thotC: 84 }).t_first_hot_ms).toBe(12);
  });
  it('never hot: share 0, no first-hot time (empty cell)', () => {
    const r = reduceWindowMetrics(id, ws, undefined, { thotC: 90 });
    expect(r.hot_window_share).toBe(0);
    expect(r).not.toHaveProperty('t_first_hot_ms');
    const rows = parse(metricsCsv([r]), { columns: true }) as Record<string, string>[];
    expect(rows[0]?.t_first_hot_ms).toBe('');
  });
  it('energy_per_token_j: run energy over tokens', () => {
    expect(reduceWindowMetrics(id, ws).energy_per_token_j).toBeCloseTo(4 / 40, 12);
    expect(reduceWindowMetrics(id, [win(0, { tokens: 0 })])).not.toHaveProperty('energy_per_token_j');
  });
  it('throttled_ms: window time with any throttled core', () => {
    expect(reduceWindowMetrics(id, ws).throttled_ms).toBe(6);
  });
  it('without Thot the hot columns stay empty; without the MoE shape the expert-load column does', () => {
    const r = reduceWindowMetrics(id, ws);
    expect(r).not.toHaveProperty('hot_window_share');
    expect(r).not.toHaveProperty('t_first_hot_ms');
    expect(r).not.toHaveProperty('expert_load_max_mean');
  });
  it('expert_load_max_mean from the physical windows handed to add', () => {
    const compute = (expert: number[], core: number[], flops: number[]) => ({
      compute: {
        count: expert.length,
        op: new Uint8Array(expert.length),
        expert: Int32Array.from(expert),
        coreId: Int32Array.from(core),
        flops: Float64Array.from(flops),
      },
    });
    const expertLoad = { layers: 1, expertsPerLayer: 2, cores: 2 };
    // E0 3 tokens on core 0, E1 1 token on core 1: mean 2, max 3 -> 1.5
    const r = reduceWindowMetrics(id, [win(0), win(1)], undefined, { expertLoad }, [
      compute([0], [0], [2]),
      compute([0, 1], [0, 1], [1, 1]),
    ]);
    expect(r.expert_load_max_mean).toBeCloseTo(1.5, 12);
  });
  it('the new columns come after all earlier ones, in order', () => {
    const r = reduceWindowMetrics(id, ws, undefined, opts);
    const header = (parse(metricsCsv([r])) as string[][])[0] ?? [];
    expect(header.slice(-12)).toEqual([
      'hot_window_share',
      't_first_hot_ms',
      'energy_per_token_j',
      'throttled_ms',
      'expert_load_max_mean',
      'banks_touched_mean',
      'banks_touched_max',
      'weight_read_ms_per_task',
      'compute_ms_per_task',
      'weight_moves',
      'replicas_created',
      'replicas_retired',
    ]);
    expect(header.indexOf('power_mean_w')).toBe(header.length - 13);
  });
  it('banks touched: mean and max over windows; per expert task: weight-read and compute ms', () => {
    const r = reduceWindowMetrics(id, [
      win(0, { banks_touched: 100, expert_tasks: 10, expert_compute_ms: 0.05, expert_weight_read_ms: 1 }),
      win(1, { banks_touched: 300, expert_tasks: 30, expert_compute_ms: 0.15, expert_weight_read_ms: 5 }),
    ]);
    expect(r.banks_touched_mean).toBe(200);
    expect(r.banks_touched_max).toBe(300);
    expect(r.weight_read_ms_per_task).toBeCloseTo(6 / 40, 12);
    expect(r.compute_ms_per_task).toBeCloseTo(0.2 / 40, 12);
  });
  it('no expert task: the per-task columns are left out, not 0', () => {
    const r = reduceWindowMetrics(id, [win(0, { expert_tasks: 0, expert_compute_ms: 0, expert_weight_read_ms: 0 })]);
    expect(r.weight_read_ms_per_task).toBeUndefined();
    expect(r.compute_ms_per_task).toBeUndefined();
  });
});

describe('CSV', () => {
  it('has exactly the ten seed columns first, in order, then extras', () => {
    const r = reduceWindowMetrics(id, [win(0)]);
    const text = metricsCsv([r]);
    const rows = parse(text) as string[][];
    expect(rows[0]?.slice(0, 10)).toEqual([...METRICS_COLUMNS]);
    expect(rows[0]).toEqual(
      expect.arrayContaining(['T_var', 'lat_p99_ms', 'migrations', 'reroutes', 'throttled_fraction', 'energy_j']),
    );
    expect(rows[1]?.[0]).toBe('baseline');
    expect(rows[1]?.[2]).toBe('70');
  });
  it('window series has a header and one line per window', () => {
    const text = windowMetricsCsvHeader() + windowMetricsCsvRows([win(0), win(1)]);
    const rows = parse(text) as string[][];
    expect(rows).toHaveLength(3);
    expect(rows[0]?.[0]).toBe('win');
  });
});
