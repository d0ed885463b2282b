/**
 * Window metrics -> the unified metrics row (seed section 3.6 / 4.7). A
 * streaming accumulator so a run never holds all its windows; `reduceWindowMetrics`
 * is the same reduction over a list.
 */
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import {
  createExpertLoadTally,
  type ExpertComputeEvents,
  type ExpertLoadShape,
  type ExpertLoadTally,
} from './expert-load.js';
import { createThermalExposure, type ThermalExposure } from './thermal-exposure.js';
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
  'weight_moves',
  'replicas_created',
  'replicas_retired',
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

/**
 * The accumulator keeps its state in fields (a class, not a closure), so a copy of a loop state
 * (a scenario forked from another's at some window) copies it too.
 */
export function createMetricsAccumulator(id: RunIdentity, options: MetricsAccumulatorOptions = {}): MetricsAccumulator {
  return new StreamingMetrics(id, options);
}

class StreamingMetrics implements MetricsAccumulator {
  private windows = 0;
  private tPeakLogic = Number.NEGATIVE_INFINITY;
  private tPeakDram = Number.NEGATIVE_INFINITY;
  private tLogicTime = 0;
  private tDramTime = 0;
  private tVarTime = 0;
  private duration = 0;
  private simEnd = 0;
  private lastActiveEnd = 0;
  private tokens = 0;
  private steps = 0;
  private latSum = 0;
  private latMax = 0;
  private dramBytes = 0;
  private dramCap = 0;
  private refreshTime = 0;
  private nocHops = 0;
  private nocCap = 0;
  private freqTime = 0;
  private throttledTime = 0;
  private migrations = 0;
  private reroutes = 0;
  private weightMoves = 0;
  private replicasCreated = 0;
  private replicasRetired = 0;
  private energy = 0;
  private banksTouched = 0;
  private banksTouchedMax = 0;
  private expertTasks = 0;
  private expertComputeMs = 0;
  private expertWeightReadMs = 0;
  private readonly latencies: number[] = [];
  private readonly exposure: ThermalExposure;
  private readonly expertLoad: ExpertLoadTally | undefined;

  constructor(
    private readonly id: RunIdentity,
    options: MetricsAccumulatorOptions,
  ) {
    this.exposure = createThermalExposure(options.thotC);
    this.expertLoad = options.expertLoad === undefined ? undefined : createExpertLoadTally(options.expertLoad);
  }

  add(w: WindowMetrics, stepLatenciesMs?: readonly number[], physical?: PhysicalWindowLoad): void {
    const dt = w.t_end_ms - w.t_start_ms;
    this.windows++;
    this.tPeakLogic = Math.max(this.tPeakLogic, w.T_peak_logic);
    this.tPeakDram = Math.max(this.tPeakDram, w.T_peak_dram);
    this.tLogicTime += w.T_mean_logic * dt;
    this.tDramTime += w.T_mean_dram * dt;
    this.tVarTime += w.T_var_core * dt;
    this.duration += dt;
    this.simEnd = Math.max(this.simEnd, w.t_end_ms);
    if (w.tokens > 0) this.lastActiveEnd = w.t_end_ms;
    this.tokens += w.tokens;
    this.steps += w.steps_done;
    this.latSum += w.lat_sum_ms;
    this.latMax = Math.max(this.latMax, w.lat_max_ms);
    this.dramBytes += w.dram_bytes;
    this.dramCap += w.dram_capacity_bytes;
    this.refreshTime += w.refresh_mhz * dt;
    this.nocHops += w.noc_flit_hops;
    this.nocCap += w.noc_capacity_flit_hops;
    this.freqTime += w.freq_mean_ghz * dt;
    this.throttledTime += w.throttled_fraction * dt;
    this.migrations += w.migrations;
    this.reroutes += w.reroutes;
    this.weightMoves += w.weight_moves;
    this.replicasCreated += w.replicas_created;
    this.replicasRetired += w.replicas_retired;
    this.energy += w.energy_j;
    this.banksTouched += w.banks_touched;
    this.banksTouchedMax = Math.max(this.banksTouchedMax, w.banks_touched);
    this.expertTasks += w.expert_tasks;
    this.expertComputeMs += w.expert_compute_ms;
    this.expertWeightReadMs += w.expert_weight_read_ms;
    if (stepLatenciesMs !== undefined) for (const l of stepLatenciesMs) this.latencies.push(l);
    this.exposure.add(w);
    if (physical !== undefined) this.expertLoad?.add(physical.compute);
  }

  result(): MetricsRow {
    const { duration, windows, tokens, steps, energy, expertTasks } = this;
    const mean = (x: number) => (duration > 0 ? x / duration : 0);
    // Throughput over the time it took to finish the work, not over trailing idle windows.
    const activeS = (this.lastActiveEnd > 0 ? this.lastActiveEnd : this.simEnd) / 1000;
    return {
      scenario: this.id.scenario,
      workload: this.id.workload,
      T_peak_logic: windows > 0 ? this.tPeakLogic : Number.NaN,
      T_peak_dram: windows > 0 ? this.tPeakDram : Number.NaN,
      T_avg: mean(this.tLogicTime),
      ips: activeS > 0 ? tokens / activeS : 0,
      lat_ms: steps > 0 ? this.latSum / steps : 0,
      bw_util: this.dramCap > 0 ? this.dramBytes / this.dramCap : 0,
      refresh_mhz: mean(this.refreshTime),
      noc_load: this.nocCap > 0 ? this.nocHops / this.nocCap : 0,
      T_var: mean(this.tVarTime),
      T_avg_dram: mean(this.tDramTime),
      lat_p99_ms: percentile(this.latencies, 99),
      lat_max_ms: this.latMax,
      steps,
      tokens,
      sim_time_ms: this.simEnd,
      windows,
      migrations: this.migrations,
      reroutes: this.reroutes,
      throttled_fraction: mean(this.throttledTime),
      freq_mean_ghz: mean(this.freqTime),
      energy_j: energy,
      power_mean_w: duration > 0 ? energy / (duration / 1000) : 0,
      weight_moves: this.weightMoves,
      replicas_created: this.replicasCreated,
      replicas_retired: this.replicasRetired,
      ...defined({
        hot_window_share: this.exposure.hotShare(),
        t_first_hot_ms: this.exposure.firstHotMs(),
        energy_per_token_j: tokens > 0 ? energy / tokens : undefined,
        throttled_ms: this.exposure.throttledMs(),
        expert_load_max_mean: this.expertLoad?.maxOverMean(),
        // windows have one length, so the plain mean over windows is the time mean
        banks_touched_mean: windows > 0 ? this.banksTouched / windows : undefined,
        banks_touched_max: windows > 0 ? this.banksTouchedMax : undefined,
        // where decode sits on the roofline: per expert task, weight-read time against compute time
        weight_read_ms_per_task: expertTasks > 0 ? this.expertWeightReadMs / expertTasks : undefined,
        compute_ms_per_task: expertTasks > 0 ? this.expertComputeMs / expertTasks : undefined,
      }),
    };
  }
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
