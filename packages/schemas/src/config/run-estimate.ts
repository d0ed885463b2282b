/**
 * What a run will take, from its configs alone: windows per scenario and the
 * memory of one scenario, each with the config field that drives it. The
 * runner compares the estimate with the machine before it starts
 * (@tasmoe/experiment run-budget.ts). The memory constants were measured with
 * `/usr/bin/time -v` on `run-single --max-windows 5` (docs/model.md "Limits").
 */
import type { ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig } from './load.js';
import { expertModel } from './model-dims.js';

/** Measured on the default configs: Node, the modules and the default stack. */
const BASE_BYTES = 160e6;
/** Per thermal-grid cell and grid layer (6.4 KB per cell on the default 19-layer stack, 16x16 to 256x256). */
const BYTES_PER_CELL_LAYER = 340;
/** Per DRAM bank (power, temperatures, refresh state, the lowering's per-bank arrays; 32x32x8 to 128x128x8). */
const BYTES_PER_BANK = 1500;
/** Per window of one decode step the lowering keeps pending (27-47 KB measured at 0.1-0.01 ms windows). */
const BYTES_PER_PENDING_WINDOW = 40e3;
/** Per (core, core) pair: the influence matrix and TAPS's copies. */
const BYTES_PER_CORE_PAIR = 32;
/** Bytes per row of the window series (146 on the default run). */
export const WINDOW_ROW_BYTES = 150;
/** Windows of the closed-loop warm-up and the dry lowering before it (warm-start.ts). */
export const WARMUP_WINDOWS = 200;

export interface RunEstimateConfigs {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
}

export interface MemoryPart {
  /** The config field this part grows with. */
  readonly field: string;
  readonly bytes: number;
  readonly what: string;
}

export interface RunEstimate {
  /** Windows of one scenario at the compute / weight-stream bound (a lower bound: queueing adds windows). */
  readonly windows: number;
  /** Lower bound of one decode step, s (computeBoundStepS). */
  readonly stepS: number;
  /** Windows of one decode step. */
  readonly windowsPerStep: number;
  /** Memory of one scenario, bytes, and its parts (largest first). */
  readonly memoryBytes: number;
  readonly memoryParts: readonly MemoryPart[];
  /** Size of one scenario's window series, bytes. */
  readonly windowsCsvBytes: number;
}

/**
 * Lower bound of the duration of one decode step, s: the larger of the compute
 * of all lanes' tokens spread over min(cores, experts per layer) cores, and
 * the weight stream of one lane (each layer reads at least one whole expert
 * through one vault's TSVs, layers in order).
 */
export function computeBoundStepS(c: RunEstimateConfigs): number {
  const { workload, tas, arch } = c;
  const coreFlops = tas.taps.capacity.core_flops_tps;
  const tokens = workload.sequence.micro_batch * workload.sequence.concurrency;
  const perLayerS =
    (tokens * (workload.operators.fc.flop_per_token + workload.operators.attn.flop_per_token)) /
    Math.min(arch.mesh.cores[0] * arch.mesh.cores[1], workload.moe.experts_per_layer) /
    coreFlops;
  const weightsPerLayerS = expertModel(workload).expertBytes / (arch.dram.vault_bw_gbps * 1e9);
  return Math.max(perLayerS, weightsPerLayerS) * workload.moe.layers;
}

/** Windows a run takes at least (at least 1). */
export function computeBoundWindows(c: RunEstimateConfigs): number {
  const totalS = computeBoundStepS(c) * c.workload.sequence.steps;
  return Math.max(1, Math.ceil(totalS / (c.tas.tacs.window_ms / 1000)));
}

export function estimateRun(c: RunEstimateConfigs, opts: { maxWindows?: number } = {}): RunEstimate {
  const { arch, tas } = c;
  const stepS = computeBoundStepS(c);
  const windowsPerStep = Math.max(1, Math.ceil(stepS / (tas.tacs.window_ms / 1000)));
  const all = computeBoundWindows(c);
  const windows = opts.maxWindows === undefined ? all : Math.min(all, opts.maxWindows);
  const [rows, cols] = arch.thermal.grid;
  const [bx, by, dies] = arch.dram.banks;
  const gridLayers = dies * (arch.geometry.layers.bond === undefined ? 1 : 2) + 3;
  const cores = arch.mesh.cores[0] * arch.mesh.cores[1];
  const parts: MemoryPart[] = [
    {
      field: 'arch.thermal.grid',
      bytes: rows * cols * gridLayers * BYTES_PER_CELL_LAYER,
      what: `thermal grid ${rows} x ${cols} x ${gridLayers} layers`,
    },
    { field: 'arch.dram.banks', bytes: bx * by * dies * BYTES_PER_BANK, what: `${bx * by * dies} DRAM banks` },
    {
      field: 'tas.tacs.window_ms',
      bytes: Math.min(windowsPerStep, all) * BYTES_PER_PENDING_WINDOW,
      what: `${windowsPerStep} windows per decode step`,
    },
    {
      field: 'arch.mesh.cores',
      bytes: cores * cores * BYTES_PER_CORE_PAIR,
      what: `influence matrix of ${cores} cores`,
    },
  ].sort((a, b) => b.bytes - a.bytes);
  return {
    windows: all,
    stepS,
    windowsPerStep,
    memoryBytes: BASE_BYTES + parts.reduce((s, p) => s + p.bytes, 0),
    memoryParts: parts,
    windowsCsvBytes: (windows + 1) * WINDOW_ROW_BYTES,
  };
}
