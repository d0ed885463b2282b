/**
 * Window metrics -> the unified metrics row (seed section 3.6 / 4.7). A
 * streaming accumulator so a run never holds all its windows; `reduceWindowMetrics`
 * is the same reduction over a list.
 */
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import { createExpertLoadTally, type ExpertComputeEvents, type ExpertLoadShape } from './expert-load.js';
import { createThermalExposure } from './thermal-exposure.js';
import type { WindowMetrics } from './window-metrics.js';

/** Extra columns after the ten seed columns, in this order. */
export const EXTRA_METRICS_COLUMNS = [
  'T_var',
  'T_avg_dram',
  'lat_p99_ms',
  'lat_max_ms',
  'steps',
  'tokens',
  'sim_time_ms',
  'windows',
  'migrations',
  'reroutes',
  'throttled_fraction',
  'freq_mean_ghz',
  'energy_j',
  'power_mean_w',
  'hot_window_share',
  't_first_hot_ms',
  'energy_per_token_j',
  'throttled_ms',
  'expert_load_max_mean',
  'banks_touched_mean',
  'banks_touched_max',
  'weight_read_ms_per_task',
  'compute_ms_per_task',
] as const;

/**
 * What the row's run-level metrics need beyond the windows. A metric whose input is
 * absent (or undefined for the run, e.g. no window reached Thot) is left out of the
 * row and its CSV cell is empty.
 */
export interface MetricsAccumulatorOptions {
  /** TACS hot threshold Thot, °C, for hot_window_share and t_first_hot_ms. */
  readonly thotC?: number;
  /** MoE shape and core count for expert_load_max_mean (expert-load.ts); needs the compute events in `add`. */
  readonly expertLoad?: ExpertLoadShape;
}

/** The part of a physical window the accumulator reads (a PhysicalWindow is one). */
export interface PhysicalWindowLoad {
  readonly compute: ExpertComputeEvents;
}

export interface RunIdentity {
  readonly scenario: Scenario;
  readonly workload: string;
}

export interface MetricsAccumulator {
  /** One window's record, its decode-step latencies and (for the expert-load balance) its physical window. */
  add(w: WindowMetrics, stepLatenciesMs?: readonly number[], physical?: PhysicalWindowLoad): void;
  result(): MetricsRow;
}

/** Nearest-rank percentile of a sample (p in 0..100); 0 for an empty sample. */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export function createMetricsAccumulator(id: RunIdentity, options: MetricsAccumulatorOptions = {}): MetricsAccumulator {
  let windows = 0;
  let tPeakLogic = Number.NEGATIVE_INFINITY;
  let tPeakDram = Number.NEGATIVE_INFINITY;
  let tLogicTime = 0;
  let tDramTime = 0;
  let tVarTime = 0;
  let duration = 0;
  let simEnd = 0;
  let lastActiveEnd = 0;
  let tokens = 0;
  let steps = 0;
  let latSum = 0;
  let latMax = 0;
  let dramBytes = 0;
  let dramCap = 0;
  let refreshTime = 0;
  let nocHops = 0;
  let nocCap = 0;
  let freqTime = 0;
  let throttledTime = 0;
  let migrations = 0;
  let reroutes = 0;
  let energy = 0;
  let banksTouched = 0;
  let banksTouchedMax = 0;
  let expertTasks = 0;
  let expertComputeMs = 0;
  let expertWeightReadMs = 0;
  const latencies: number[] = [];
  const exposure = createThermalExposure(options.thotC);
  const expertLoad = options.expertLoad === undefined ? undefined : createExpertLoadTally(options.expertLoad);
  return {
    add(w, stepLatenciesMs, physical) {
      const dt = w.t_end_ms - w.t_start_ms;
      windows++;
      tPeakLogic = Math.max(tPeakLogic, w.T_peak_logic);
      tPeakDram = Math.max(tPeakDram, w.T_peak_dram);
      tLogicTime += w.T_mean_logic * dt;
      tDramTime += w.T_mean_dram * dt;
      tVarTime += w.T_var_core * dt;
      duration += dt;
      simEnd = Math.max(simEnd, w.t_end_ms);
      if (w.tokens > 0) lastActiveEnd = w.t_end_ms;
      tokens += w.tokens;
      steps += w.steps_done;
      latSum += w.lat_sum_ms;
      latMax = Math.max(latMax, w.lat_max_ms);
      dramBytes += w.dram_bytes;
      dramCap += w.dram_capacity_bytes;
      refreshTime += w.refresh_mhz * dt;
      nocHops += w.noc_flit_hops;
      nocCap += w.noc_capacity_flit_hops;
      freqTime += w.freq_mean_ghz * dt;
      throttledTime += w.throttled_fraction * dt;
      migrations += w.migrations;
      reroutes += w.reroutes;
      energy += w.energy_j;
      banksTouched += w.banks_touched;
      banksTouchedMax = Math.max(banksTouchedMax, w.banks_touched);
      expertTasks += w.expert_tasks;
      expertComputeMs += w.expert_compute_ms;
      expertWeightReadMs += w.expert_weight_read_ms;
      if (stepLatenciesMs !== undefined) for (const l of stepLatenciesMs) latencies.push(l);
      exposure.add(w);
      if (physical !== undefined) expertLoad?.add(physical.compute);
    },
    result() {
      const mean = (x: number) => (duration > 0 ? x / duration : 0);
      // Throughput over the time it took to finish the work, not over trailing idle windows.
      const activeS = (lastActiveEnd > 0 ? lastActiveEnd : simEnd) / 1000;
      return {
        scenario: id.scenario,
        workload: id.workload,
        T_peak_logic: windows > 0 ? tPeakLogic : Number.NaN,
        T_peak_dram: windows > 0 ? tPeakDram : Number.NaN,
        T_avg: mean(tLogicTime),
        ips: activeS > 0 ? tokens / activeS : 0,
        lat_ms: steps > 0 ? latSum / steps : 0,
        bw_util: dramCap > 0 ? dramBytes / dramCap : 0,
        refresh_mhz: mean(refreshTime),
        noc_load: nocCap > 0 ? nocHops / nocCap : 0,
        T_var: mean(tVarTime),
        T_avg_dram: mean(tDramTime),
        lat_p99_ms: percentile(latencies, 99),
        lat_max_ms: latMax,
        steps,
        tokens,
        sim_time_ms: simEnd,
        windows,
        migrations,
        reroutes,
        throttled_fraction: mean(throttledTime),
        freq_mean_ghz: mean(freqTime),
        energy_j: energy,
        power_mean_w: duration > 0 ? energy / (duration / 1000) : 0,
        ...defined({
          hot_window_share: exposure.hotShare(),
          t_first_hot_ms: exposure.firstHotMs(),
          energy_per_token_j: tokens > 0 ? energy / tokens : undefined,
          throttled_ms: exposure.throttledMs(),
          expert_load_max_mean: expertLoad?.maxOverMean(),
          // windows have one length, so the plain mean over windows is the time mean
          banks_touched_mean: windows > 0 ? banksTouched / windows : undefined,
          banks_touched_max: windows > 0 ? banksTouchedMax : undefined,
          // where decode sits on the roofline: per expert task, weight-read time against compute time
          weight_read_ms_per_task: expertTasks > 0 ? expertWeightReadMs / expertTasks : undefined,
          compute_ms_per_task: expertTasks > 0 ? expertComputeMs / expertTasks : undefined,
        }),
      };
    },
  };
}

function defined(values: Readonly<Record<string, number | undefined>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}

export function reduceWindowMetrics(
  id: RunIdentity,
  windows: readonly WindowMetrics[],
  stepLatenciesMs?: readonly (readonly number[])[],
  options: MetricsAccumulatorOptions = {},
  physical?: readonly PhysicalWindowLoad[],
): MetricsRow {
  const acc = createMetricsAccumulator(id, options);
  windows.forEach((w, i) => acc.add(w, stepLatenciesMs?.[i], physical?.[i]));
  return acc.result();
}
