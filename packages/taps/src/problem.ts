/**
 * The placement problem in flat typed arrays: what the heuristic, the MILP
 * builders and the validator share. An *item* is one copy of an expert: single
 * experts have one item, the replicate_hot_k hottest experts of each MoE layer
 * have two (load and power split evenly, as the physicalizer shares replicas).
 *
 * Constraints (all checked by validate.ts):
 * - core FLOP capacity: sum of item FLOP rates on a core <= core_flops_tps;
 * - throughput: every layer's expected critical path, the busiest core's busy
 *   time and each item's attention signature against the default placement
 *   (critical-path.ts; it also keeps a layer's experts side by side, which a
 *   separate per-layer slot cap used to do); where the lanes wander (every lane
 *   meets every core), also every core's busy time rank by rank (busy-profile.ts);
 * - replicas on distinct, thermally distant cores: the pair's mean mutual
 *   influence (H[c][d] + H[d][c]) / 2 is at most the median over all core pairs.
 */
import type { InfluenceMatrix } from '@tasmoe/schemas';
import {
  attentionSignature,
  criticalPathItems,
  defaultCriticalPaths,
  maxOf,
  taskTimeModel,
  type CriticalPathItems,
} from './critical-path.js';
import { busyProfile, utilisation, type BusyProfile } from './busy-profile.js';
import { lanesWander } from './contention-offsets.js';
import { TapsError } from './errors.js';
import { layerExpectedMax } from './layer-expected-max.js';
import { buildDramProblem, maxOfTemps, type DramProblem } from './dram-model.js';
import { meshEdges, objectiveValue, predictTemperatures, type MeshEdges, type ObjectiveWeights } from './objective.js';
import type { NominalLoad } from './power-model.js';
import { expertsOfLayer, layerOfExpert, totalExperts } from './routing-heat.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface PlacementProblem {
  readonly cols: number;
  readonly rows: number;
  readonly coreCount: number;
  /** Row-major H, K/W. */
  readonly h: Float64Array;
  /** Column-major copy: hCol[j * n + c] = H[c][j] (the temperature change of every core per watt on j). */
  readonly hCol: Float64Array;
  readonly ambientC: number;
  readonly edges: MeshEdges;
  readonly weights: ObjectiveWeights;
  /** Placement-independent core power, W. */
  readonly basePowerW: Float64Array;
  /** Temperatures from the base power alone: ambient + H base. */
  readonly t0: Float64Array;
  readonly layerCount: number;
  readonly expertCount: number;
  readonly itemCount: number;
  readonly itemExpert: Int32Array;
  readonly itemLayer: Int32Array;
  readonly itemPowerW: Float64Array;
  /** FLOP/s of each item. */
  readonly itemLoad: Float64Array;
  /** The other copy of a replicated expert, or -1. */
  readonly itemPartner: Int32Array;
  /** First item of each expert (copies are consecutive). */
  readonly expertFirstItem: Int32Array;
  readonly expertCopies: Int32Array;
  /** Items of each layer: layerItemStart[l] .. layerItemStart[l+1]. Items are grouped by layer. */
  readonly layerItemStart: Int32Array;
  /** Max items of one layer on one core. */
  readonly layerSlots: Int32Array;
  /** distant[c * n + d] = 1 when replicas may sit on c and d. */
  readonly distant: Uint8Array;
  readonly coreCapacity: number;
  /** Items as the critical-path model sees them (same item order). */
  readonly cp: CriticalPathItems;
  /** Hard limit on each layer's critical path: (1 + tolerance) x the default placement's, s. */
  readonly layerLimitS: Float64Array;
  /** Hard limit on each core's busy time per step: (1 + tolerance) x the default placement's busiest core, s. */
  readonly coreLimitS: number;
  /** The default placement's critical paths (the reference of the limits). */
  readonly defaultLayerS: Float64Array;
  readonly defaultCoreMaxS: number;
  /**
   * Most items (expert copies) one core may hold: the default placement's most. Each keeps its
   * shards in the core's own vault; more would spill shards to other vaults, read over the NoC at
   * the link rate (6.4 GB/s < the vault's 16 GB/s at the defaults) while holding the route.
   */
  readonly coreItemCap: number;
  /** Attention signature of each core (critical-path.ts attentionSignature). */
  readonly coreSignature: Int32Array;
  /** Signature an item's core must have: its expert's default core's. */
  readonly itemSignature: Int32Array;
  /**
   * Where the lanes wander (contention-offsets.ts): the default's busy times per
   * attention group, rank by rank, as limits (busy-profile.ts); else undefined.
   */
  readonly busyProfile: BusyProfile | undefined;
  /** Chance each item runs a given micro-batch's task: P_e / copies (critical-path.ts). */
  readonly itemUse: Float64Array;
  /**
   * Hard limit on each layer's expected tasks on its busiest core
   * (layer-expected-max.ts): the default's x (1 + tolerance x (1 - rho)), rho the
   * default's busiest core's utilisation (busy-profile.ts: a lane's wait behind
   * other lanes' groups grows as 1 / (1 - rho) times their length).
   */
  readonly layerMaxLimit: Float64Array;
  /**
   * The DRAM nodes (dram-model.ts) when the influence has a DRAM part: the objective then adds
   * w_dram x (max node - ambient). Undefined: no DRAM term, the core-only objective.
   */
  readonly dram: DramProblem | undefined;
  /**
   * Expected shard-read power of each item in its core's vault, W (all 0 without `dram`). It heats
   * the DRAM nodes and, through the bond, the cores (addCoreHeat), whatever w_dram.
   */
  readonly itemAccessW: Float64Array;
}

export interface ProblemInputs {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly taps: ResolvedTapsParamsLike;
  readonly influence: InfluenceMatrix;
  readonly load: NominalLoad;
  /**
   * Placement-independent power the caller knows per core, W (e.g. attention on
   * the sequences' home cores): added to every core's base power, so the
   * prediction heats the cores that run it whichever experts land there.
   */
  readonly backgroundCorePowerW?: ArrayLike<number>;
}

/** Replica pairs may sit on c, d when their mutual influence is at most the median over all pairs. */
export function distantPairs(h: Float64Array, n: number): Uint8Array {
  const vals: number[] = [];
  for (let c = 0; c < n; c++)
    for (let d = c + 1; d < n; d++) vals.push(((h[c * n + d] as number) + (h[d * n + c] as number)) / 2);
  vals.sort((p, q) => p - q);
  const median = vals.length === 0 ? 0 : (vals[Math.floor((vals.length - 1) / 2)] as number);
  const out = new Uint8Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let d = 0; d < n; d++) {
      if (c !== d && ((h[c * n + d] as number) + (h[d * n + c] as number)) / 2 <= median) out[c * n + d] = 1;
    }
  }
  return out;
}

/** The replicate_hot_k hottest experts of a layer (ties: lower expert number). */
export function replicatedExperts(
  layerExperts: readonly number[],
  heat: ArrayLike<number>,
  k: number,
  coreCount: number,
): Set<number> {
  if (coreCount < 2 || k <= 0) return new Set();
  const sorted = [...layerExperts].sort((a, b) => (heat[b] as number) - (heat[a] as number) || a - b);
  return new Set(sorted.slice(0, Math.min(k, sorted.length)));
}

export function buildProblem(inp: ProblemInputs, expertHeat: Float64Array): PlacementProblem {
  const { arch, workload, taps, influence, load } = inp;
  const [cols, rows] = arch.mesh.cores;
  const n = cols * rows;
  const h = influence.data;
  const hCol = new Float64Array(n * n);
  for (let c = 0; c < n; c++) for (let j = 0; j < n; j++) hCol[j * n + c] = h[c * n + j] as number;
  const basePowerW = new Float64Array(n).fill(load.corePowerBaseW);
  const bg = inp.backgroundCorePowerW;
  if (bg !== undefined) {
    if (bg.length !== n)
      throw new TapsError(
        'TAPS_HEAT_INVALID',
        `background core power has ${bg.length} entries, expected ${n} (one per core)`,
      );
    for (let c = 0; c < n; c++) {
      const w = bg[c] as number;
      if (!(Number.isFinite(w) && w >= 0))
        throw new TapsError(
          'TAPS_HEAT_INVALID',
          `background core power of core ${c} is ${w} W; expected finite and >= 0`,
        );
      basePowerW[c] = (basePowerW[c] as number) + w;
    }
  }
  const t0 = predictTemperatures(h, influence.ambientC, basePowerW);
  const layers = workload.moe.layers;
  const expertCount = totalExperts(workload);
  const itemExpert: number[] = [];
  const itemLayer: number[] = [];
  const itemPower: number[] = [];
  const itemLoad: number[] = [];
  const itemPartner: number[] = [];
  const expertFirstItem = new Int32Array(expertCount).fill(-1);
  const expertCopies = new Int32Array(expertCount);
  const layerItemStart = new Int32Array(layers + 1);
  const layerSlots = new Int32Array(layers);
  for (let l = 0; l < layers; l++) {
    layerItemStart[l] = itemExpert.length;
    const ids = expertsOfLayer(l, workload);
    const rep = replicatedExperts(ids, expertHeat, taps.replicate_hot_k, n);
    for (const e of ids) {
      const copies = rep.has(e) ? 2 : 1;
      expertFirstItem[e] = itemExpert.length;
      expertCopies[e] = copies;
      for (let k = 0; k < copies; k++) {
        itemExpert.push(e);
        itemLayer.push(l);
        itemPower.push((load.expertPowerW[e] as number) / copies);
        itemLoad.push((load.expertFlopRate[e] as number) / copies);
        itemPartner.push(copies === 2 ? itemExpert.length - 1 + (k === 0 ? 1 : -1) : -1);
      }
    }
    // Layer parallelism is the critical-path constraint's job now (it counts how long a layer's
    // experts sharing a core serialise, against the default placement); no separate slot cap.
    layerSlots[l] = itemExpert.length - (layerItemStart[l] as number);
  }
  layerItemStart[layers] = itemExpert.length;
  // Throughput reference: the default placement (expert e on core e mod n, single) in the same model.
  const tasks = taskTimeModel(arch, workload, taps, expertHeat);
  const defLayers = Int32Array.from({ length: expertCount }, (_, e) => layerOfExpert(e, workload));
  const def = defaultCriticalPaths(tasks, n, defLayers);
  const tol = 1 + taps.critical_path_tolerance;
  const copiesOfItem = Int32Array.from(itemExpert, (e) => expertCopies[e] as number);
  const cp = criticalPathItems(tasks, n, itemExpert, copiesOfItem, itemLayer, def.contend);
  const coreSignature =
    workload.sequence.concurrency > 1
      ? attentionSignature(n, workload.sequence.micro_batch, workload.sequence.concurrency)
      : new Int32Array(n);
  const itemSignature = Int32Array.from(itemExpert, (e) => coreSignature[e % n] as number);
  for (let i = 0; i < itemPower.length; i++) {
    if (!Number.isFinite(itemPower[i]) || !Number.isFinite(itemLoad[i])) {
      throw new TapsError('TAPS_HEAT_INVALID', `expert E${itemExpert[i]} has a non-finite power or FLOP rate`);
    }
  }
  const itemUse = Float64Array.from(itemExpert, (e) => (tasks.useProb[e] as number) / (expertCopies[e] as number));
  const defAssign = Int32Array.from(defLayers, (_, e) => e % n);
  const defMax = layerExpectedMax(layers, n, defLayers, tasks.useProb, defAssign);
  const rho = utilisation(maxOf(def.coreS), def.stepS, tasks.concurrency);
  const maxTol = 1 + taps.critical_path_tolerance * (1 - rho);
  const o = taps.objective;
  const dram = buildDramProblem(arch, workload, taps, influence, load, expertHeat, basePowerW);
  const itemAccessW = new Float64Array(itemExpert.length);
  if (dram !== undefined)
    for (let i = 0; i < itemExpert.length; i++) {
      const e = itemExpert[i] as number;
      itemAccessW[i] = (dram.expertAccessW[e] as number) / (expertCopies[e] as number);
    }
  return {
    cols,
    rows,
    coreCount: n,
    h,
    hCol,
    ambientC: influence.ambientC,
    edges: meshEdges(cols, rows),
    weights: { peak: o.w_peak, spread: o.w_var, smooth: o.w_smooth },
    basePowerW,
    t0,
    layerCount: layers,
    expertCount,
    itemCount: itemExpert.length,
    itemExpert: Int32Array.from(itemExpert),
    itemLayer: Int32Array.from(itemLayer),
    itemPowerW: Float64Array.from(itemPower),
    itemLoad: Float64Array.from(itemLoad),
    itemPartner: Int32Array.from(itemPartner),
    expertFirstItem,
    expertCopies,
    layerItemStart,
    layerSlots,
    distant: distantPairs(h, n),
    coreCapacity: load.coreFlopCapacity,
    cp,
    layerLimitS: Float64Array.from(def.layerS, (v) => v * tol),
    coreLimitS: maxOf(def.coreS) * tol,
    defaultLayerS: def.layerS,
    defaultCoreMaxS: maxOf(def.coreS),
    coreItemCap: Math.ceil(expertCount / n),
    coreSignature,
    itemSignature,
    busyProfile: lanesWander(def.contend)
      ? busyProfile(def.coreS, coreSignature, taps.critical_path_tolerance, def.stepS, tasks.concurrency)
      : undefined,
    itemUse,
    layerMaxLimit: defMax.map((v) => v * maxTol),
    dram,
    itemAccessW,
  };
}

/** DRAM node temperatures (degC) of an item -> core assignment, or undefined without DRAM nodes. */
export function dramTemperaturesOf(p: PlacementProblem, assign: Int32Array): Float64Array | undefined {
  const d = p.dram;
  if (d === undefined) return undefined;
  const N = d.nodeCount;
  const t = Float64Array.from(d.td0);
  for (let i = 0; i < p.itemCount; i++) {
    const w = p.itemPowerW[i] as number;
    const a = p.itemAccessW[i] as number;
    const o = (assign[i] as number) * N;
    for (let k = 0; k < N; k++)
      t[k] = (t[k] as number) + w * (d.coreCol[o + k] as number) + a * (d.accessCol[o + k] as number);
  }
  return t;
}

/** The full objective of an assignment: the core terms, plus the DRAM peak term where the problem has DRAM nodes. */
export function assignmentObjective(p: PlacementProblem, assign: Int32Array): number {
  return objectiveWithDram(temperaturesOf(p, assign), dramTemperaturesOf(p, assign), p);
}

/** objectiveValue of core temperatures t, plus w_dram x (max td - ambient) when td is given (bit-identical otherwise). */
export function objectiveWithDram(t: Float64Array, td: Float64Array | undefined, p: PlacementProblem): number {
  const v = objectiveValue(t, p.ambientC, p.edges, p.weights);
  if (td === undefined || p.dram === undefined) return v;
  return v + p.dram.weight * (maxOfTemps(td) - p.ambientC);
}

/**
 * t[k] += w H[k][c] + a A[k][c] over the cores: an item of w watts of compute on core c and a watts
 * of shard reads in c's vault (A = the DRAM part's vault -> core influence; a is 0 without it).
 * No allocation.
 */
export function addCoreHeat(t: Float64Array, p: PlacementProblem, c: number, w: number, a: number): void {
  const n = p.coreCount;
  const o = c * n;
  if (w !== 0) for (let k = 0; k < n; k++) t[k] = (t[k] as number) + w * (p.hCol[o + k] as number);
  const A = p.dram?.accessCoreCol;
  if (a !== 0 && A !== undefined) for (let k = 0; k < n; k++) t[k] = (t[k] as number) + a * (A[o + k] as number);
}

/** Core temperatures (degC) of an item -> core assignment. */
export function temperaturesOf(p: PlacementProblem, assign: Int32Array): Float64Array {
  const t = Float64Array.from(p.t0);
  for (let i = 0; i < p.itemCount; i++)
    addCoreHeat(t, p, assign[i] as number, p.itemPowerW[i] as number, p.itemAccessW[i] as number);
  return t;
}
