/**
 * Package periphery state across a file-mode window (pure). Stock HotSpot 7.0
 * dumps only the grid layers after a transient interval, not its 12 lumped
 * package nodes (`inode_*`), yet the next window's init file needs them. We
 * integrate the same 12-node equations HotSpot solves (FORMATS.md section 7.3,
 * our GridModel.periphery) over the window, driven by the spreader/sink edge
 * cells varying linearly between the window's start and end grid states
 * (trapezoidal rule, `substeps` sub-steps). The periphery's time constants
 * (milliseconds to seconds) are resolved by the sub-steps; the linear edge
 * history is the only approximation.
 */
import { ThermalError } from '../errors.js';
import { denseInverse, matVec } from '../solver/dense.js';
import type { Edge, GridModel } from '../solver/grid-model.js';

function edgeCells(edge: Edge, rows: number, cols: number): number[] {
  const out: number[] = [];
  if (edge === 'N' || edge === 'S') {
    const i = edge === 'N' ? 0 : rows - 1;
    for (let j = 0; j < cols; j++) out.push(i * cols + j);
  } else {
    const j = edge === 'W' ? 0 : cols - 1;
    for (let i = 0; i < rows; i++) out.push(i * cols + j);
  }
  return out;
}

/** Periphery temperatures (K, inode_0..) after `dtS` seconds. Grid layers: one array of R*C kelvin per grid layer. */
export function integratePeriphery(
  model: GridModel,
  startLayersK: readonly Float64Array[],
  endLayersK: readonly Float64Array[],
  startPeripheryK: ArrayLike<number>,
  dtS: number,
  substeps = 20,
): Float64Array {
  const per = model.periphery;
  if (per === undefined) return new Float64Array(0);
  const np = per.nodeNames.length,
    amb = model.ambientK;
  if (startPeripheryK.length !== np)
    throw new ThermalError('THERMAL_INPUT', `expected ${np} periphery temperatures, got ${startPeripheryK.length}`);
  // A = periphery conductance block (edge links on the diagonal), b(t) = edge-cell inflow
  const A = new Float64Array(np * np);
  const b0 = new Float64Array(np),
    b1 = new Float64Array(np);
  for (const link of per.edgeLinks) {
    const s = startLayersK[link.layer],
      e = endLayersK[link.layer];
    if (s === undefined || e === undefined) throw new ThermalError('THERMAL_INPUT', `grid layer ${link.layer} missing`);
    for (const c of edgeCells(link.edge, model.rows, model.cols)) {
      A[link.node * np + link.node] = (A[link.node * np + link.node] as number) + link.gPerCell;
      b0[link.node] = (b0[link.node] as number) + link.gPerCell * ((s[c] as number) - amb);
      b1[link.node] = (b1[link.node] as number) + link.gPerCell * ((e[c] as number) - amb);
    }
  }
  for (const { a, b, g } of per.links) {
    A[a * np + a] = (A[a * np + a] as number) + g;
    A[b * np + b] = (A[b * np + b] as number) + g;
    A[a * np + b] = (A[a * np + b] as number) - g;
    A[b * np + a] = (A[b * np + a] as number) - g;
  }
  for (let n = 0; n < np; n++) A[n * np + n] = (A[n * np + n] as number) + (per.gAmbient[n] as number);
  const h = dtS / substeps;
  const lhs = new Float64Array(np * np),
    rhsM = new Float64Array(np * np);
  for (let k = 0; k < np * np; k++) {
    lhs[k] = (A[k] as number) / 2;
    rhsM[k] = -(A[k] as number) / 2;
  }
  for (let n = 0; n < np; n++) {
    const c = (per.capacitance[n] as number) / h;
    lhs[n * np + n] = (lhs[n * np + n] as number) + c;
    rhsM[n * np + n] = (rhsM[n * np + n] as number) + c;
  }
  const inv = denseInverse(lhs, np);
  let theta = Float64Array.from({ length: np }, (_, n) => (startPeripheryK[n] as number) - amb);
  const tmp = new Float64Array(np),
    next = new Float64Array(np);
  for (let k = 0; k < substeps; k++) {
    const s0 = k / substeps,
      s1 = (k + 1) / substeps;
    matVec(rhsM, np, np, theta, tmp);
    for (let n = 0; n < np; n++) {
      const bA = (1 - s0) * (b0[n] as number) + s0 * (b1[n] as number);
      const bB = (1 - s1) * (b0[n] as number) + s1 * (b1[n] as number);
      tmp[n] = (tmp[n] as number) + (bA + bB) / 2;
    }
    matVec(inv, np, np, tmp, next);
    theta = Float64Array.from(next);
  }
  return Float64Array.from(theta, (v) => v + amb);
}
