/**
 * The hard throughput constraint (critical-path.ts) as rows of the per-layer
 * MILP, with every item outside the layer fixed. Times in ms (row scaling).
 * For the layer's experts e (occ_e, tau_e per copy) and cores c:
 *
 *   attention signature:  x[e][c] = 0 where core c's signature is not e's
 *   vault room:           sum_e x[e][c] <= the default's most items per core - other items on c
 *   busiest core:         sum_e occ_e x[e][c] <= coreLimit - other items' busy time on c
 *                         (where the lanes wander, coreLimit is at most core c's rank cap of the
 *                         busy-time profile at the start assignment: busy-profile.ts rankCaps)
 *   this layer's path:    x[e][c] = 1  =>  tau_e + (k0 - 1) occ_e + W_c + k0 sum_{e' != e} occ_e' x[e'][c] <= limit_l
 *                         (k_d = cp.contend[d], k0 its own layer's; W_c: fixed items on c, each
 *                         weighted by its offset's k), as the big-M row
 *                         k0 sum_{e' != e} occ_e' x[e'][c] + (S - R) x[e][c] <= S,
 *                         R = limit_l - W_c - tau_e - (k0 - 1) occ_e, S = k0 sum_{e' != e} occ_e'
 *                         (x[e][c] = 0 when R < 0);
 *   the other layers' paths: for a layer l' with items on c at an offset d = l - l' with k_d > 0,
 *                         k_d sum_e occ_e x[e][c] <= limit_l' - W'_c - max_j (tau_j - occ_j).
 *
 * Exactly the constraint validate.ts checks (same model, same tolerance), so
 * the heuristic's feasible answer satisfies every row (the warm start).
 */
import { rankCaps } from './busy-profile.js';
import type { PlacementProblem } from './problem.js';

const TOL = 1e-9;

export interface RowSink {
  add(cols: readonly number[], vals: readonly number[], lo: number, hi: number): void;
}

export function addCriticalPathRows(
  p: PlacementProblem,
  assign: Int32Array,
  layer: number,
  experts: readonly number[],
  xCol: (ei: number, c: number) => number,
  colUpper: Float64Array,
  rows: RowSink,
): void {
  const n = p.coreCount;
  const L = p.layerCount;
  const cp = p.cp;
  const contend = cp.contend;
  const i0 = p.layerItemStart[layer] as number;
  const i1 = p.layerItemStart[layer + 1] as number;
  const ms = 1e3;
  // Fixed items: busy time per core and layer, and per core and layer the largest tau - occ.
  const occOther = new Float64Array(n * L);
  const slack = new Float64Array(n * L).fill(-Infinity);
  const coreOther = new Float64Array(n);
  const itemsOther = new Int32Array(n);
  for (let i = 0; i < p.itemCount; i++) {
    if (i >= i0 && i < i1) continue;
    const c = assign[i] as number;
    const l = cp.itemLayer[i] as number;
    const o = (cp.itemOccS[i] as number) * ms;
    occOther[c * L + l] = (occOther[c * L + l] as number) + o;
    coreOther[c] = (coreOther[c] as number) + o;
    itemsOther[c] = (itemsOther[c] as number) + 1;
    slack[c * L + l] = Math.max(
      slack[c * L + l] as number,
      ((cp.itemTaskS[i] as number) - (cp.itemOccS[i] as number)) * ms,
    );
  }
  const waitOther = (c: number, l: number): number => {
    let w = 0;
    for (let l2 = 0; l2 < L; l2++)
      w += (contend[(((l2 - l) % L) + L) % L] as number) * (occOther[c * L + l2] as number);
    return w;
  };
  // The start's busy times (it fits the profile, so every core is within its rank cap).
  let caps: Float64Array | undefined;
  if (p.busyProfile !== undefined) {
    const busy = new Float64Array(n);
    for (let i = 0; i < p.itemCount; i++) {
      const c = assign[i] as number;
      busy[c] = (busy[c] as number) + (cp.itemOccS[i] as number);
    }
    caps = rankCaps(p.busyProfile, busy);
  }
  const first = experts.map((e) => p.expertFirstItem[e] as number);
  const occ = first.map((i) => (cp.itemOccS[i] as number) * ms);
  const tau = first.map((i) => (cp.itemTaskS[i] as number) * ms);
  const E = experts.length;
  const allE = Array.from({ length: E }, (_, ei) => ei);
  const limit = (p.layerLimitS[layer] as number) * ms * (1 + TOL);
  const occSum = occ.reduce((a, b) => a + b, 0);
  const k0 = contend[0] as number;
  const occOwn = occ.map((o) => k0 * o);
  for (let c = 0; c < n; c++) {
    const cols = allE.map((ei) => xCol(ei, c));
    for (let ei = 0; ei < E; ei++) {
      if (p.coreSignature[c] !== p.itemSignature[first[ei] as number]) colUpper[xCol(ei, c)] = 0;
    }
    const slots = p.coreItemCap - (itemsOther[c] as number);
    if (slots < E)
      rows.add(
        cols,
        allE.map(() => 1),
        -Infinity,
        Math.max(slots, 0),
      );
    const coreLimit = caps === undefined ? p.coreLimitS : Math.min(p.coreLimitS, caps[c] as number);
    const room = coreLimit * ms * (1 + TOL) - (coreOther[c] as number);
    if (occSum > room) rows.add(cols, occ, -Infinity, room);
    const w = waitOther(c, layer);
    for (let ei = 0; ei < E; ei++) {
      if (colUpper[xCol(ei, c)] === 0) continue;
      const R = limit - w - (tau[ei] as number) - (k0 - 1) * (occ[ei] as number);
      if (R < 0) {
        colUpper[xCol(ei, c)] = 0;
        continue;
      }
      const S = k0 * (occSum - (occ[ei] as number));
      if (S <= R) continue;
      rows.add(
        cols,
        allE.map((ej) => (ej === ei ? S - R : (occOwn[ej] as number))),
        -Infinity,
        S,
      );
    }
    for (let l2 = 0; l2 < L; l2++) {
      if (l2 === layer || !Number.isFinite(slack[c * L + l2] as number)) continue;
      const k = contend[(((layer - l2) % L) + L) % L] as number;
      if (k === 0) continue;
      const bound = (p.layerLimitS[l2] as number) * ms * (1 + TOL) - waitOther(c, l2) - (slack[c * L + l2] as number);
      if (k * occSum > bound)
        rows.add(
          cols,
          occ.map((o) => k * o),
          -Infinity,
          Math.max(bound, 0),
        );
    }
  }
}
