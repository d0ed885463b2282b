/**
 * The DRAM part of the per-layer MILP (milp-layers.ts header): which (vault, die) nodes get a row,
 * the fixed part of their temperatures, MD's lower bound, the per-expert DRAM cuts, and the rows.
 */
import type { PlacementProblem } from './problem.js';
import { dramTemperaturesOf } from './problem.js';

/** Rows of the layer model as milp-layers.ts's RowBuilder takes them. */
export interface DramRowSink {
  add(cols: readonly number[], vals: readonly number[], lo: number, hi: number): void;
}

/**
 * DRAM rows of a layer model start with the nodes within this of the start's DRAM peak, K; nodes the
 * answer heats above the model's peak are added and the layer solved again (improveWithHighs), so
 * the window only decides how many rounds that takes, not the answer: one Mixtral and one
 * DeepSeek-V2 layer on the default arch (solver H) each needed one round.
 */
export const DRAM_START_WINDOW_K = 1;

/** Rounds of added DRAM rows per layer before the answer is judged as it is (by its full objective). */
export const DRAM_ROUNDS = 4;

export interface DramLayerPart {
  /** Node temperatures from everything outside the layer, degC. */
  readonly tdFix: Float64Array;
  /** Nodes that can be the hottest (see the header). */
  readonly kept: readonly number[];
  /** Largest per-node lower bound: MD's lower bound. */
  readonly lowerBound: number;
  /** Per expert (x order), per core: the DRAM peak bound when one copy lands there. */
  readonly expertCut: readonly Float64Array[];
}

/** The layer's DRAM rows, or undefined without DRAM nodes or with w_dram = 0 (the term is then absent). */
export function dramLayerPart(
  p: PlacementProblem,
  assign: Int32Array,
  layer: number,
  experts: readonly number[],
  only: readonly number[] | undefined,
): DramLayerPart | undefined {
  const d = p.dram;
  if (d === undefined || d.weight === 0) return undefined;
  const n = p.coreCount;
  const N = d.nodeCount;
  const i0 = p.layerItemStart[layer] as number;
  const i1 = p.layerItemStart[layer + 1] as number;
  const tdFix = Float64Array.from(d.td0);
  for (let i = 0; i < p.itemCount; i++) {
    if (i >= i0 && i < i1) continue;
    const o = (assign[i] as number) * N;
    const w = p.itemPowerW[i] as number;
    const a = p.itemAccessW[i] as number;
    for (let k = 0; k < N; k++)
      tdFix[k] = (tdFix[k] as number) + w * (d.coreCol[o + k] as number) + a * (d.accessCol[o + k] as number);
  }
  // Per expert and node: a copy's least and largest contribution over the cores.
  const E = experts.length;
  const minC = new Float64Array(E * N).fill(Infinity);
  const maxC = new Float64Array(E * N).fill(-Infinity);
  experts.forEach((e, ei) => {
    const first = p.expertFirstItem[e] as number;
    const w = p.itemPowerW[first] as number;
    const a = p.itemAccessW[first] as number;
    for (let c = 0; c < n; c++) {
      const o = c * N;
      for (let k = 0; k < N; k++) {
        const v = w * (d.coreCol[o + k] as number) + a * (d.accessCol[o + k] as number);
        if (v < (minC[ei * N + k] as number)) minC[ei * N + k] = v;
        if (v > (maxC[ei * N + k] as number)) maxC[ei * N + k] = v;
      }
    }
  });
  const lo = Float64Array.from(tdFix);
  const hi = Float64Array.from(tdFix);
  experts.forEach((e, ei) => {
    const m = p.expertCopies[e] as number;
    for (let k = 0; k < N; k++) {
      lo[k] = (lo[k] as number) + m * (minC[ei * N + k] as number);
      hi[k] = (hi[k] as number) + m * (maxC[ei * N + k] as number);
    }
  });
  let lowerBound = -Infinity;
  for (let k = 0; k < N; k++) lowerBound = Math.max(lowerBound, lo[k] as number);
  // Nodes that can be the hottest (a small slack so rounding never drops one that ties the bound);
  // of those, the caller's (lazily grown), else the ones within DRAM_START_WINDOW_K of the start's peak.
  let startPeak = -Infinity;
  const startT = new Float64Array(N);
  if (only === undefined) {
    startT.set(tdFix);
    for (let i = i0; i < i1; i++) {
      const o = (assign[i] as number) * N;
      const w = p.itemPowerW[i] as number;
      const a = p.itemAccessW[i] as number;
      for (let k = 0; k < N; k++)
        startT[k] = (startT[k] as number) + w * (d.coreCol[o + k] as number) + a * (d.accessCol[o + k] as number);
    }
    for (let k = 0; k < N; k++) startPeak = Math.max(startPeak, startT[k] as number);
  }
  const wanted = only === undefined ? undefined : new Set(only);
  const kept: number[] = [];
  for (let k = 0; k < N; k++) {
    if ((hi[k] as number) < lowerBound - 1e-9) continue;
    if (wanted !== undefined ? wanted.has(k) : (startT[k] as number) >= startPeak - DRAM_START_WINDOW_K) kept.push(k);
  }
  const expertCut = experts.map((e, ei) => {
    const first = p.expertFirstItem[e] as number;
    const w = p.itemPowerW[first] as number;
    const a = p.itemAccessW[first] as number;
    const cut = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      const o = c * N;
      let best = -Infinity;
      for (const k of kept) {
        // this copy at c, every other copy of the layer at its least contribution to k
        const v =
          (lo[k] as number) -
          (minC[ei * N + k] as number) +
          w * (d.coreCol[o + k] as number) +
          a * (d.accessCol[o + k] as number);
        if (v > best) best = v;
      }
      cut[c] = best;
    }
    return cut;
  });
  return { tdFix, kept, lowerBound, expertCut };
}

/** MD's bound and cost, one row per kept node and the per-expert DRAM cuts (ya is the layer model's). */
export function addDramRows(
  p: PlacementProblem,
  dram: DramLayerPart,
  experts: readonly number[],
  col: { readonly X: number; readonly Y: number; readonly YA: number; readonly MD: number },
  colLower: Float64Array,
  colCost: Float64Array,
  r: DramRowSink,
): void {
  const { X, Y, YA, MD } = col;
  const n = p.coreCount;
  const allCores = Array.from({ length: n }, (_, c) => c);
  const d = p.dram;
  if (d === undefined) return;
  const N = d.nodeCount;
  colLower[MD] = dram.lowerBound;
  colCost[MD] = d.weight;
  for (const k of dram.kept) {
    const cols = [MD];
    const vals = [1];
    for (let j = 0; j < n; j++) {
      cols.push(Y + j, YA + j);
      vals.push(-(d.coreCol[j * N + k] as number), -(d.accessCol[j * N + k] as number));
    }
    r.add(cols, vals, dram.tdFix[k] as number, Infinity);
  }
  experts.forEach((e, ei) => {
    const m = p.expertCopies[e] as number;
    const cut = dram.expertCut[ei] as Float64Array;
    r.add(
      [MD, ...allCores.map((c) => X + ei * n + c)],
      [1, ...allCores.map((c) => -(cut[c] as number) / m)],
      0,
      Infinity,
    );
  });
}

/** Nodes outside `kept` hotter than the model's DRAM peak md under `assign` (ascending). */
export function hotterNodes(p: PlacementProblem, assign: Int32Array, kept: readonly number[], md: number): number[] {
  const td = dramTemperaturesOf(p, assign);
  if (td === undefined) return [];
  const inModel = new Set(kept);
  const out: number[] = [];
  for (let k = 0; k < td.length; k++) if (!inModel.has(k) && (td[k] as number) > md + 1e-9) out.push(k);
  return out;
}
