/**
 * The default TAPS back end: greedy construction then local search, on the
 * objective in predicted temperature. Deterministic (fixed orders, strict
 * comparisons, iteration budgets instead of wall-clock budgets).
 *
 * Greedy: items (expert copies) from hottest to coldest; each goes to the
 * feasible core whose placement gives the lowest objective (w_peak dominates:
 * the core where the predicted max T rises least; where H says heat escapes
 * best, usually edges and corners).
 *
 * Local search (moves and swaps): for a core pair (a, b), moving delta watts
 * from a to b changes T by delta * (H[:, b] - H[:, a]); the objective along that
 * line, g(delta), is convex (a sum of max and absolute values of affine
 * functions). So per pair we find the continuous minimiser delta* by golden-
 * section search, then try the achievable deltas nearest to it: p_i (move item i
 * a -> b), -p_j (move j b -> a) and p_i - p_j (swap). Pairs where g cannot
 * decrease (0 is already the minimiser) are skipped after two evaluations.
 *
 * With DRAM nodes (problem.dram) the objective adds w_dram x the hottest node,
 * and an exchange moves two powers: compute (core -> node influence) and shard
 * reads (the vault's), whose ratio differs by item (reads follow the chance a
 * micro-batch uses the expert, compute its share of tokens). The line search
 * then moves the reads along with delta at the pair's pooled ratio (reads /
 * compute watts of the items on a and b; g stays convex: a max of affine
 * functions is added), which only picks the candidates; every candidate is
 * evaluated with its own read watts, so the accepted moves are exact. The reads
 * heat the cores below too (problem.ts addCoreHeat), so they move the core
 * temperatures along the same line.
 */
import { groupFits } from './busy-profile.js';
import { TapsError } from './errors.js';
import { cellCdf, expectedMax } from './layer-expected-max.js';
import { objectiveValue } from './objective.js';
import { assignmentViolations } from './validate.js';
import { maxOfTemps } from './dram-model.js';
import { addCoreHeat, objectiveWithDram, type PlacementProblem } from './problem.js';

const CAP_TOL = 1e-9;
/** A move must gain this much (relative) to count; a sweep gaining less than SWEEP_TOL ends the search. */
const IMPROVE_TOL = 1e-9;
const SWEEP_TOL = 1e-6;

export interface LocalSearchStats {
  readonly sweeps: number;
  readonly moves: number;
  readonly swaps: number;
  readonly objectiveBefore: number;
  readonly objectiveAfter: number;
}

/** Mutable search state over an item -> core assignment. */
export class SearchState {
  readonly assign: Int32Array;
  readonly t: Float64Array;
  /** DRAM node temperatures, degC (length 0 without DRAM nodes). */
  readonly td: Float64Array;
  readonly load: Float64Array;
  readonly perLayer: Int32Array;
  /** Items on each core, ascending power (ties: item index). */
  readonly coreItems: number[][];
  /**
   * Critical-path model: wait[c * layers + l] = expected busy time on core c of its
   * items, each weighted by its layer offset's contention with layer l (cp.contend), s.
   */
  readonly wait: Float64Array;
  /** Expected busy time per core over all layers, s. */
  readonly coreOcc: Float64Array;
  /** Items of each layer and core (l * cores + c), and the CDF of their task count (layer-expected-max.ts). */
  private readonly cellItems: number[][];
  private readonly cellCdfs: Float64Array[];

  constructor(
    readonly p: PlacementProblem,
    assign?: Int32Array,
  ) {
    const n = p.coreCount;
    this.assign = new Int32Array(p.itemCount).fill(-1);
    this.t = Float64Array.from(p.t0);
    this.td = p.dram === undefined ? new Float64Array(0) : Float64Array.from(p.dram.td0);
    this.load = new Float64Array(n);
    this.perLayer = new Int32Array(p.layerCount * n);
    this.coreItems = Array.from({ length: n }, () => []);
    this.wait = new Float64Array(n * p.layerCount);
    this.coreOcc = new Float64Array(n);
    this.cellItems = Array.from({ length: n * p.layerCount }, () => []);
    this.cellCdfs = Array.from({ length: n * p.layerCount }, () => cellCdf([]));
    if (assign !== undefined) for (let i = 0; i < p.itemCount; i++) this.place(i, assign[i] as number);
  }

  objective(): number {
    return objectiveWithDram(this.t, this.p.dram === undefined ? undefined : this.td, this.p);
  }

  private before(i: number, j: number): boolean {
    const pi = this.p.itemPowerW[i] as number;
    const pj = this.p.itemPowerW[j] as number;
    return pi < pj || (pi === pj && i < j);
  }

  private insert(i: number, c: number): void {
    const list = this.coreItems[c] as number[];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before(list[mid] as number, i)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, i);
  }

  private addHeat(i: number, c: number, sign: 1 | -1): void {
    const p = this.p;
    const n = p.coreCount;
    const w = sign * (p.itemPowerW[i] as number);
    addCoreHeat(this.t, p, c, w, sign * (p.itemAccessW[i] as number));
    const dram = p.dram;
    if (dram !== undefined)
      addDramHeat(this.td, dram.coreCol, dram.accessCol, c * dram.nodeCount, w, sign * (p.itemAccessW[i] as number));
    this.load[c] = (this.load[c] as number) + sign * (p.itemLoad[i] as number);
    const li = (p.itemLayer[i] as number) * n + c;
    this.perLayer[li] = (this.perLayer[li] as number) + sign;
    const o = sign * (p.cp.itemOccS[i] as number);
    const L = p.layerCount;
    const li2 = p.itemLayer[i] as number;
    const contend = p.cp.contend;
    const base = c * L;
    for (let l = 0; l < L; l++) {
      const k = contend[(((li2 - l) % L) + L) % L] as number;
      if (k !== 0) this.wait[base + l] = (this.wait[base + l] as number) + k * o;
    }
    this.coreOcc[c] = (this.coreOcc[c] as number) + o;
    const cell = li2 * p.coreCount + c;
    const items = this.cellItems[cell] as number[];
    if (sign > 0) items.push(i);
    else items.splice(items.indexOf(i), 1);
    this.cellCdfs[cell] = cellCdf(items.map((j) => p.itemUse[j] as number));
  }

  /** Chances of the items of cell (l, c) without `out` and with `inn` (either may be -1). */
  private cellUse(l: number, c: number, out: number, inn: number): number[] {
    const p = this.p;
    const qs: number[] = [];
    for (const j of this.cellItems[l * p.coreCount + c] as number[]) if (j !== out) qs.push(p.itemUse[j] as number);
    if (inn >= 0) qs.push(p.itemUse[inn] as number);
    return qs;
  }

  /**
   * Layer l's expected tasks on its busiest core within its limit after cell
   * (l, a) loses outA / gains innA and cell (l, b) loses outB / gains innB
   * (b = -1: only a changes).
   */
  private layerMaxFits(l: number, a: number, outA: number, innA: number, b = -1, outB = -1, innB = -1): boolean {
    const p = this.p;
    const n = p.coreCount;
    const cdfs: Float64Array[] = [];
    for (let c = 0; c < n; c++) {
      if (c === a) cdfs.push(cellCdf(this.cellUse(l, a, outA, innA)));
      else if (c === b) cdfs.push(cellCdf(this.cellUse(l, b, outB, innB)));
      else cdfs.push(this.cellCdfs[l * n + c] as Float64Array);
    }
    return expectedMax(cdfs) <= (p.layerMaxLimit[l] as number) * (1 + CAP_TOL);
  }

  /**
   * The hard throughput constraint on core c after removing item `out` (or -1)
   * and adding item `inn` (or -1): its busy time within the limit, and the
   * critical path of every layer in flight with inn's layer that has an item
   * on c within that layer's limit. Removing alone never breaks it.
   */
  cpFeasible(c: number, out: number, inn: number): boolean {
    if (inn < 0) return true;
    const p = this.p;
    if (p.coreSignature[c] !== p.itemSignature[inn]) return false;
    if ((this.coreItems[c] as number[]).length + (out >= 0 ? 0 : 1) > p.coreItemCap) return false;
    const cp = p.cp;
    const L = p.layerCount;
    const occIn = cp.itemOccS[inn] as number;
    const occOut = out >= 0 ? (cp.itemOccS[out] as number) : 0;
    if ((this.coreOcc[c] as number) + occIn - occOut > p.coreLimitS * (1 + CAP_TOL)) return false;
    const lin = cp.itemLayer[inn] as number;
    const lout = out >= 0 ? (cp.itemLayer[out] as number) : -1;
    const contend = cp.contend;
    const base = c * L;
    const check = (i: number): boolean => {
      const l = cp.itemLayer[i] as number;
      const kIn = contend[(((lin - l) % L) + L) % L] as number;
      // inn does not reach this layer's path, and removing `out` only shortens it
      if (kIn === 0) return true;
      let w = (this.wait[base + l] as number) + kIn * occIn;
      if (out >= 0) w -= (contend[(((lout - l) % L) + L) % L] as number) * occOut;
      const v = (cp.itemTaskS[i] as number) - (cp.itemOccS[i] as number) + w;
      return v <= (p.layerLimitS[l] as number) * (1 + CAP_TOL);
    };
    if (!check(inn)) return false;
    for (const i of this.coreItems[c] as number[]) if (i !== out && !check(i)) return false;
    return true;
  }

  place(i: number, c: number): void {
    this.assign[i] = c;
    this.addHeat(i, c, 1);
    this.insert(i, c);
  }

  unplace(i: number): void {
    const c = this.assign[i] as number;
    this.addHeat(i, c, -1);
    const list = this.coreItems[c] as number[];
    list.splice(list.indexOf(i), 1);
    this.assign[i] = -1;
  }

  /** Can item i (currently unplaced) go to core c? */
  canHost(i: number, c: number): boolean {
    const p = this.p;
    const n = p.coreCount;
    if ((this.load[c] as number) + (p.itemLoad[i] as number) > p.coreCapacity * (1 + CAP_TOL)) return false;
    if (
      (this.perLayer[(p.itemLayer[i] as number) * n + c] as number) >=
      (p.layerSlots[p.itemLayer[i] as number] as number)
    )
      return false;
    const q = p.itemPartner[i] as number;
    if (q >= 0) {
      const d = this.assign[q] as number;
      if (d >= 0 && (d === c || p.distant[c * n + d] !== 1)) return false;
    }
    return (
      this.cpFeasible(c, -1, i) &&
      this.profileFits(c, (this.coreOcc[c] as number) + (p.cp.itemOccS[i] as number)) &&
      this.layerMaxFits(p.itemLayer[i] as number, c, -1, i)
    );
  }

  /**
   * The busy-time profile (busy-profile.ts, only where the lanes wander) with core
   * a at busy time ua and, if b >= 0, core b at ub.
   */
  private profileFits(a: number, ua: number, b = -1, ub = 0): boolean {
    const prof = this.p.busyProfile;
    if (prof === undefined) return true;
    const ga = prof.groupOf[a] as number;
    if (!groupFits(prof, ga, this.coreOcc, CAP_TOL, a, ua, b, ub)) return false;
    const gb = b >= 0 ? (prof.groupOf[b] as number) : ga;
    return gb === ga || groupFits(prof, gb, this.coreOcc, CAP_TOL, a, ua, b, ub);
  }

  /** Is exchanging ia (on a, or -1) with ib (on b, or -1) feasible? */
  canExchange(ia: number, a: number, ib: number, b: number): boolean {
    const p = this.p;
    const n = p.coreCount;
    const la = ia >= 0 ? (p.itemLoad[ia] as number) : 0;
    const lb = ib >= 0 ? (p.itemLoad[ib] as number) : 0;
    const cap = p.coreCapacity * (1 + CAP_TOL);
    if ((this.load[b] as number) + la - lb > cap || (this.load[a] as number) - la + lb > cap) return false;
    const layA = ia >= 0 ? (p.itemLayer[ia] as number) : -1;
    const layB = ib >= 0 ? (p.itemLayer[ib] as number) : -1;
    if (layA !== layB) {
      if (ia >= 0 && (this.perLayer[layA * n + b] as number) + 1 > (p.layerSlots[layA] as number)) return false;
      if (ib >= 0 && (this.perLayer[layB * n + a] as number) + 1 > (p.layerSlots[layB] as number)) return false;
    }
    const partnerOk = (item: number, to: number, other: number, otherTo: number): boolean => {
      const q = p.itemPartner[item] as number;
      if (q < 0) return true;
      const qc = q === other ? otherTo : (this.assign[q] as number);
      return qc !== to && p.distant[to * n + qc] === 1;
    };
    if (ia >= 0 && !partnerOk(ia, b, ib, a)) return false;
    if (ib >= 0 && !partnerOk(ib, a, ia, b)) return false;
    if (!this.cpFeasible(b, ib, ia) || !this.cpFeasible(a, ia, ib)) return false;
    const oa = ia >= 0 ? (p.cp.itemOccS[ia] as number) : 0;
    const ob = ib >= 0 ? (p.cp.itemOccS[ib] as number) : 0;
    if (!this.profileFits(a, (this.coreOcc[a] as number) - oa + ob, b, (this.coreOcc[b] as number) + oa - ob))
      return false;
    // Removing alone never raises a layer's expected max: check the layers that gain an item.
    if (layA === layB) return this.layerMaxFits(layA, a, ia, ib, b, ib, ia);
    if (ia >= 0 && !this.layerMaxFits(layA, b, -1, ia, a, ia, -1)) return false;
    return ib < 0 || this.layerMaxFits(layB, a, -1, ib, b, ib, -1);
  }
}

/** Greedy construction; throws TAPS_INFEASIBLE when an item fits nowhere. */
export function greedyAssign(p: PlacementProblem): SearchState {
  const n = p.coreCount;
  const s = new SearchState(p);
  const order = Array.from({ length: p.itemCount }, (_, i) => i).sort(
    (i, j) => (p.itemPowerW[j] as number) - (p.itemPowerW[i] as number) || i - j,
  );
  const scratch = new Float64Array(n);
  const dram = p.dram;
  // Nodes that can be the hottest after placing an item: adding heat moves a node by at most
  // w max(Hdc) + a max(Hda), so a node that far below the current peak cannot overtake it.
  const live = new Int32Array(dram === undefined ? 0 : dram.nodeCount);
  let liveCount = 0;
  const hdcMax = dram === undefined ? 0 : maxOfTemps(dram.coreCol);
  const hdaMax = dram === undefined ? 0 : maxOfTemps(dram.accessCol);
  for (const i of order) {
    const w = p.itemPowerW[i] as number;
    const a = p.itemAccessW[i] as number;
    let best = Infinity;
    let bestC = -1;
    if (dram !== undefined) liveCount = liveNodes(s.td, w * hdcMax + a * hdaMax, live);
    for (let c = 0; c < n; c++) {
      if (!s.canHost(i, c)) continue;
      scratch.set(s.t);
      addCoreHeat(scratch, p, c, w, a);
      let v = objectiveValue(scratch, p.ambientC, p.edges, p.weights);
      if (dram !== undefined) {
        const o = c * dram.nodeCount;
        v += dram.weight * (shiftedMax(s.td, dram.coreCol, dram.accessCol, o, w, a, live, liveCount) - p.ambientC);
      }
      if (v < best) {
        best = v;
        bestC = c;
      }
    }
    if (bestC < 0) {
      throw new TapsError(
        'TAPS_INFEASIBLE',
        `no core can take E${p.itemExpert[i]} (layer ${p.itemLayer[i]}): core FLOP capacity, critical-path limits, attention signature or replica distance exhausted`,
      );
    }
    s.place(i, bestC);
  }
  return s;
}

interface Candidate {
  ia: number;
  ib: number;
  delta: number;
  dist: number;
}

/** td[k] += w x coreCol[o + k] + a x accessCol[o + k] over the nodes (no allocation). */
function addDramHeat(
  td: Float64Array,
  coreCol: Float64Array,
  accessCol: Float64Array,
  o: number,
  w: number,
  a: number,
): void {
  for (let k = 0; k < td.length; k++)
    td[k] = (td[k] as number) + w * (coreCol[o + k] as number) + a * (accessCol[o + k] as number);
}

/**
 * max over the listed nodes k of td[k] + w x coreCol[o + k] + a x accessCol[o + k] (no allocation).
 * With the list from liveNodes for a reach covering the change, this is the max over all nodes.
 */
function shiftedMax(
  td: Float64Array,
  coreCol: Float64Array,
  accessCol: Float64Array,
  o: number,
  w: number,
  a: number,
  live: Int32Array,
  liveCount: number,
): number {
  let max = -Infinity;
  for (let q = 0; q < liveCount; q++) {
    const k = live[q] as number;
    const x = (td[k] as number) + w * (coreCol[o + k] as number) + a * (accessCol[o + k] as number);
    if (x > max) max = x;
  }
  return max;
}

/**
 * Nodes within `reach` K of the hottest (into `out`, ascending; returns how many). When no node can
 * move by more than reach / 2 (or rise by more than reach, falling never), the hottest node after
 * the change is one of these: the former peak stays within reach / 2 of itself, the others start
 * more than reach below it. The 1e-9 K slack keeps rounding on the safe side (more nodes, same max).
 */
function liveNodes(td: Float64Array, reach: number, out: Int32Array): number {
  const peak = maxOfTemps(td);
  let m = 0;
  for (let k = 0; k < td.length; k++) if ((td[k] as number) + reach >= peak - 1e-9) out[m++] = k;
  return m;
}

/** Local search in place on `s`; at most maxSweeps sweeps over all core pairs. */
export function localSearch(s: SearchState, maxSweeps = 50): LocalSearchStats {
  const p = s.p;
  const n = p.coreCount;
  const d = new Float64Array(n);
  const scratch = new Float64Array(n);
  const dram = p.dram;
  const N = dram === undefined ? 0 : dram.nodeCount;
  // Per pair (a, b): node change per W of compute and per W of reads moved a -> b.
  const dCore = new Float64Array(N);
  const dAccess = new Float64Array(N);
  // ... and core change per W of reads moved a -> b (the reads heat the cores below them too).
  const dReads = new Float64Array(dram === undefined ? 0 : n);
  let ratio = 0;
  // Per pair: the nodes that can be the hottest for any exchange of the pair (liveNodes).
  const live = new Int32Array(N);
  let liveCount = 0;
  /** Objective after moving delta W of compute and alpha W of reads from a to b (alpha: the pair's ratio by default). */
  const g = (delta: number, alpha = delta * ratio): number => {
    if (dram === undefined) {
      for (let k = 0; k < n; k++) scratch[k] = (s.t[k] as number) + delta * (d[k] as number);
      return objectiveValue(scratch, p.ambientC, p.edges, p.weights);
    }
    for (let k = 0; k < n; k++)
      scratch[k] = (s.t[k] as number) + delta * (d[k] as number) + alpha * (dReads[k] as number);
    const v = objectiveValue(scratch, p.ambientC, p.edges, p.weights);
    let max = -Infinity;
    for (let q = 0; q < liveCount; q++) {
      const k = live[q] as number;
      const x = (s.td[k] as number) + delta * (dCore[k] as number) + alpha * (dAccess[k] as number);
      if (x > max) max = x;
    }
    return v + dram.weight * (max - p.ambientC);
  };
  const before = s.objective();
  let moves = 0;
  let swaps = 0;
  let sweeps = 0;
  const cands: Candidate[] = [];
  const MAX_CANDS = 8;
  const consider = (ia: number, ib: number, delta: number, target: number) => {
    if (ia < 0 && ib < 0) return;
    const dist = Math.abs(delta - target);
    if (cands.length === MAX_CANDS && dist >= (cands[MAX_CANDS - 1] as Candidate).dist) return;
    let k = cands.length < MAX_CANDS ? cands.length : MAX_CANDS - 1;
    if (cands.length < MAX_CANDS) cands.push({ ia, ib, delta, dist });
    while (k > 0 && (cands[k - 1] as Candidate).dist > dist) {
      cands[k] = cands[k - 1] as Candidate;
      k--;
    }
    cands[k] = { ia, ib, delta, dist };
  };
  while (sweeps < maxSweeps) {
    sweeps++;
    let improved = false;
    const sweepStart = s.objective();
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const A = s.coreItems[a] as number[];
        const B = s.coreItems[b] as number[];
        if (A.length === 0 && B.length === 0) continue;
        const hi = A.length > 0 ? (p.itemPowerW[A[A.length - 1] as number] as number) : 0;
        const lo = B.length > 0 ? -(p.itemPowerW[B[B.length - 1] as number] as number) : 0;
        if (hi - lo <= 0) continue;
        for (let k = 0; k < n; k++) d[k] = (p.hCol[b * n + k] as number) - (p.hCol[a * n + k] as number);
        if (dram !== undefined) {
          for (let k = 0; k < N; k++) {
            dCore[k] = (dram.coreCol[b * N + k] as number) - (dram.coreCol[a * N + k] as number);
            dAccess[k] = (dram.accessCol[b * N + k] as number) - (dram.accessCol[a * N + k] as number);
          }
          for (let k = 0; k < n; k++)
            dReads[k] = (dram.accessCoreCol[b * n + k] as number) - (dram.accessCoreCol[a * n + k] as number);
          let w = 0;
          let r = 0;
          for (const i of A) {
            w += p.itemPowerW[i] as number;
            r += p.itemAccessW[i] as number;
          }
          for (const i of B) {
            w += p.itemPowerW[i] as number;
            r += p.itemAccessW[i] as number;
          }
          ratio = w > 0 ? r / w : 0;
          // Every delta tried lies in [lo, hi] and every read change within the pair's largest read
          // (or the line's delta x ratio), so no node moves by more than reach / 2.
          let u = 0;
          let v = 0;
          for (let k = 0; k < N; k++) {
            u = Math.max(u, Math.abs(dCore[k] as number));
            v = Math.max(v, Math.abs(dAccess[k] as number));
          }
          const dMax = Math.max(hi, -lo);
          let aMax = dMax * ratio;
          for (const i of A) aMax = Math.max(aMax, p.itemAccessW[i] as number);
          for (const i of B) aMax = Math.max(aMax, p.itemAccessW[i] as number);
          liveCount = liveNodes(s.td, 2 * (dMax * u + aMax * v), live);
        }
        const g0 = s.objective();
        const eps = 1e-9 * (hi - lo);
        if (g(eps) >= g0 && g(-eps) >= g0) continue;
        // Golden-section search for the continuous minimiser of the convex g.
        let x0 = lo;
        let x3 = hi;
        const r = 0.6180339887498949;
        let x1 = x3 - r * (x3 - x0);
        let x2 = x0 + r * (x3 - x0);
        let g1 = g(x1);
        let g2 = g(x2);
        const tol = 1e-3 * (hi - lo);
        for (let it = 0; it < 40 && x3 - x0 > tol; it++) {
          if (g1 <= g2) {
            x3 = x2;
            x2 = x1;
            g2 = g1;
            x1 = x3 - r * (x3 - x0);
            g1 = g(x1);
          } else {
            x0 = x1;
            x1 = x2;
            g1 = g2;
            x2 = x0 + r * (x3 - x0);
            g2 = g(x2);
          }
        }
        const target = (x0 + x3) / 2;
        // Not even the continuous optimum of this pair gains enough: no achievable delta will.
        if (g0 - g(target) < IMPROVE_TOL * Math.max(1, Math.abs(g0))) continue;
        // Achievable deltas nearest the target: x - y, x in A + {0}, y in B + {0}.
        cands.length = 0;
        for (let ai = -1; ai < A.length; ai++) {
          const ia = ai < 0 ? -1 : (A[ai] as number);
          const x = ia < 0 ? 0 : (p.itemPowerW[ia] as number);
          const want = x - target;
          let l = 0;
          let h = B.length;
          while (l < h) {
            const m = (l + h) >> 1;
            if ((p.itemPowerW[B[m] as number] as number) < want) l = m + 1;
            else h = m;
          }
          for (const bi of [l - 1, l]) {
            if (bi >= 0 && bi < B.length)
              consider(ia, B[bi] as number, x - (p.itemPowerW[B[bi] as number] as number), target);
          }
          consider(ia, -1, x, target);
        }
        let best: Candidate | undefined;
        let bestG = g0 - IMPROVE_TOL * Math.max(1, Math.abs(g0));
        for (const c of cands) {
          if (!s.canExchange(c.ia, a, c.ib, b)) continue;
          const v =
            dram === undefined
              ? g(c.delta)
              : g(
                  c.delta,
                  (c.ia >= 0 ? (p.itemAccessW[c.ia] as number) : 0) - (c.ib >= 0 ? (p.itemAccessW[c.ib] as number) : 0),
                );
          if (v < bestG) {
            bestG = v;
            best = c;
          }
        }
        if (best !== undefined) {
          if (best.ia >= 0) s.unplace(best.ia);
          if (best.ib >= 0) s.unplace(best.ib);
          if (best.ia >= 0) s.place(best.ia, b);
          if (best.ib >= 0) s.place(best.ib, a);
          if (best.ia >= 0 && best.ib >= 0) swaps++;
          else moves++;
          improved = true;
        }
      }
    }
    if (!improved) break;
    const gain = sweepStart - s.objective();
    if (gain < SWEEP_TOL * Math.max(1, Math.abs(sweepStart))) break;
  }
  // Re-derive T from scratch so accumulated rounding never leaks out.
  s.t.set(p.t0);
  if (dram !== undefined) s.td.set(dram.td0);
  for (let i = 0; i < p.itemCount; i++) {
    const w = p.itemPowerW[i] as number;
    const c = s.assign[i] as number;
    addCoreHeat(s.t, p, c, w, p.itemAccessW[i] as number);
    if (dram !== undefined) addDramHeat(s.td, dram.coreCol, dram.accessCol, c * N, w, p.itemAccessW[i] as number);
  }
  return { sweeps, moves, swaps, objectiveBefore: before, objectiveAfter: s.objective() };
}

/**
 * A feasible start: the greedy, or, when the greedy paints itself into a corner
 * under the hard critical-path limits, the default placement (expert e on core
 * e mod cores), which meets them by definition when nothing is replicated.
 * Throws TAPS_INFEASIBLE when neither is feasible.
 */
export function initialAssignment(p: PlacementProblem): { state: SearchState; from: 'greedy' | 'default' } {
  try {
    return { state: greedyAssign(p), from: 'greedy' };
  } catch (err) {
    if (!(err instanceof TapsError) || err.code !== 'TAPS_INFEASIBLE') throw err;
    const seed = Int32Array.from(p.itemExpert, (e) => e % p.coreCount);
    let single = true;
    for (let e = 0; e < p.expertCount; e++) if ((p.expertCopies[e] as number) > 1) single = false;
    if (!single) throw err;
    const s = new SearchState(p, seed);
    if (assignmentViolations(p, seed).length > 0) throw err;
    return { state: s, from: 'default' };
  }
}
