/**
 * Explicit sparse form of a GridModel (CSR conductance matrix G, capacitance
 * and ambient-conductance vectors), node order as in the grid model. Used to
 * verify the spectral solver independently (residuals, energy balance) and
 * handy for exporting the network; not used by the solver itself.
 */
import type { Edge, GridModel } from './grid-model.js';

export interface SparseThermalSystem {
  readonly n: number;
  readonly rowStart: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
  /** Node heat capacities, J/K. */
  readonly capacitance: Float64Array;
  /** Conductance of each node to ambient, W/K (already included on G's diagonal). */
  readonly gAmbient: Float64Array;
}

export function assembleConductance(model: GridModel): SparseThermalSystem {
  const { rows: R, cols: C } = model;
  const M = R * C,
    L = model.layers.length;
  const np = model.periphery?.nodeNames.length ?? 0;
  const n = L * M + np;
  const rowsMap: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const add = (a: number, b: number, g: number): void => {
    if (g === 0) return;
    const ra = rowsMap[a] as Map<number, number>,
      rb = rowsMap[b] as Map<number, number>;
    ra.set(a, (ra.get(a) ?? 0) + g);
    rb.set(b, (rb.get(b) ?? 0) + g);
    ra.set(b, (ra.get(b) ?? 0) - g);
    rb.set(a, (rb.get(a) ?? 0) - g);
  };
  const gAmb = new Float64Array(n);
  const cap = new Float64Array(n);
  model.layers.forEach((layer, l) => {
    const o = l * M;
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        const k = o + i * C + j;
        cap[k] = layer.cellCapacitance;
        if (j + 1 < C) add(k, k + 1, layer.gEastWest);
        if (i + 1 < R) add(k, k + C, layer.gNorthSouth);
        if (l + 1 < L) add(k, k + M, model.gVertical[l] as number);
        if (l === L - 1) gAmb[k] = model.gAmbientCell;
      }
    }
  });
  const per = model.periphery;
  if (per !== undefined) {
    const base = L * M;
    const onEdge = (i: number, j: number, e: Edge): boolean =>
      e === 'W' ? j === 0 : e === 'E' ? j === C - 1 : e === 'N' ? i === 0 : i === R - 1;
    for (const link of per.edgeLinks) {
      for (let i = 0; i < R; i++)
        for (let j = 0; j < C; j++)
          if (onEdge(i, j, link.edge)) add(link.layer * M + i * C + j, base + link.node, link.gPerCell);
    }
    for (const { a, b, g } of per.links) add(base + a, base + b, g);
    for (let k = 0; k < np; k++) {
      gAmb[base + k] = per.gAmbient[k] as number;
      cap[base + k] = per.capacitance[k] as number;
    }
  }
  for (let k = 0; k < n; k++) {
    const g = gAmb[k] as number;
    if (g !== 0) {
      const r = rowsMap[k] as Map<number, number>;
      r.set(k, (r.get(k) ?? 0) + g);
    }
  }
  const rowStart = new Int32Array(n + 1);
  let nnz = 0;
  rowsMap.forEach((r, k) => {
    rowStart[k] = nnz;
    nnz += r.size;
  });
  rowStart[n] = nnz;
  const col = new Int32Array(nnz),
    val = new Float64Array(nnz);
  rowsMap.forEach((r, k) => {
    let p = rowStart[k] as number;
    for (const [c, v] of [...r.entries()].sort((x, y) => x[0] - y[0])) {
      col[p] = c;
      val[p] = v;
      p++;
    }
  });
  return { n, rowStart, col, val, capacitance: cap, gAmbient: gAmb };
}

/** y = G x for an assembled system. */
export function sparseMultiply(s: SparseThermalSystem, x: ArrayLike<number>, y: Float64Array): void {
  for (let r = 0; r < s.n; r++) {
    let acc = 0;
    for (let p = s.rowStart[r] as number, e = s.rowStart[r + 1] as number; p < e; p++)
      acc += (s.val[p] as number) * (x[s.col[p] as number] as number);
    y[r] = acc;
  }
}
