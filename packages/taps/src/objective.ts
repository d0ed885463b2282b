/**
 * The TAPS objective, in predicted temperature (T = ambient + H p, degC):
 *
 *   w_peak * (max_c T_c - ambient) + w_var * spread + w_smooth * smooth
 *
 * spread = mean absolute deviation of T over the cores (a linear stand-in for
 * the variance, so the MILP can express it), smooth = mean |T_a - T_b| over the
 * mesh's neighbour pairs. Every term is in kelvin, so the weights compare
 * like with like. Smoothing *temperature* differences, not load differences,
 * is deliberate: through H, lateral heat flow is counted, and hot cores side by
 * side are penalised instead of rewarded.
 *
 * With DRAM nodes (dram-model.ts) the objective adds w_dram * (max_k T_dram,k -
 * ambient), the hottest (vault, die) node: a kelvin peak like w_peak's.
 */

export interface ObjectiveWeights {
  readonly peak: number;
  readonly spread: number;
  readonly smooth: number;
}

export interface MeshEdges {
  readonly a: Int32Array;
  readonly b: Int32Array;
}

export interface ObjectiveTerms {
  readonly value: number;
  /** Hottest predicted core temperature, degC. */
  readonly peakC: number;
  readonly spreadK: number;
  readonly smoothK: number;
  /** Hottest predicted DRAM node, degC, when DRAM temperatures were given. */
  readonly dramPeakC?: number;
}

/** DRAM temperatures and w_dram for objectiveTerms. */
export interface DramTerm {
  readonly temps: Float64Array;
  readonly weight: number;
}

export function meshEdges(cols: number, rows: number): MeshEdges {
  const a: number[] = [];
  const b: number[] = [];
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const c = y * cols + x;
      if (x + 1 < cols) {
        a.push(c);
        b.push(c + 1);
      }
      if (y + 1 < rows) {
        a.push(c);
        b.push(c + cols);
      }
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
}

/** Objective value of temperatures T (degC). Hot path: no allocation. */
export function objectiveValue(t: Float64Array, ambientC: number, edges: MeshEdges, w: ObjectiveWeights): number {
  const n = t.length;
  let max = -Infinity;
  let sum = 0;
  for (let c = 0; c < n; c++) {
    const v = t[c] as number;
    if (v > max) max = v;
    sum += v;
  }
  let value = w.peak * (max - ambientC);
  if (w.spread !== 0) {
    const mean = sum / n;
    let dev = 0;
    for (let c = 0; c < n; c++) dev += Math.abs((t[c] as number) - mean);
    value += (w.spread * dev) / n;
  }
  const m = edges.a.length;
  if (w.smooth !== 0 && m > 0) {
    let s = 0;
    for (let k = 0; k < m; k++)
      s += Math.abs((t[edges.a[k] as number] as number) - (t[edges.b[k] as number] as number));
    value += (w.smooth * s) / m;
  }
  return value;
}

export function objectiveTerms(
  t: Float64Array,
  ambientC: number,
  edges: MeshEdges,
  w: ObjectiveWeights,
  dram?: DramTerm,
): ObjectiveTerms {
  const n = t.length;
  let max = -Infinity;
  let sum = 0;
  for (const v of t) {
    max = Math.max(max, v);
    sum += v;
  }
  const mean = sum / n;
  let dev = 0;
  for (const v of t) dev += Math.abs(v - mean);
  let s = 0;
  for (let k = 0; k < edges.a.length; k++)
    s += Math.abs((t[edges.a[k] as number] as number) - (t[edges.b[k] as number] as number));
  const core = objectiveValue(t, ambientC, edges, w);
  let dramPeak = -Infinity;
  if (dram !== undefined) for (const v of dram.temps) dramPeak = Math.max(dramPeak, v);
  return {
    value: dram === undefined ? core : core + dram.weight * (dramPeak - ambientC),
    peakC: max,
    spreadK: dev / n,
    smoothK: edges.a.length > 0 ? s / edges.a.length : 0,
    ...(dram === undefined ? {} : { dramPeakC: dramPeak }),
  };
}

/** T = ambient + H p (degC); H row-major n x n. */
export function predictTemperatures(h: Float64Array, ambientC: number, powerW: Float64Array): Float64Array {
  const n = powerW.length;
  const t = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let s = ambientC;
    for (let j = 0; j < n; j++) s += (h[c * n + j] as number) * (powerW[j] as number);
    t[c] = s;
  }
  return t;
}
