/**
 * HiGHS back end: the placement MILP, one MoE layer at a time with the other
 * layers fixed (block coordinate descent over layers, starting from the
 * heuristic). Per layer l with experts e (m_e = 1 or 2 copies, each carrying
 * p_e / m_e watts and r_e / m_e FLOP/s) and cores c, j:
 *
 *   x[e][c] in {0,1}                        sum_c x[e][c] = m_e
 *   y[j] = sum_e (p_e/m_e) x[e][j]          (the layer's power on core j)
 *   T[c] = Tfix[c] + sum_j H[c][j] y[j]     (Tfix: base power + the other layers)
 *          + sum_j A[c][j] ya[j]            (with DRAM nodes: the layer's shard reads, below)
 *   M >= T[c],  M >= mu = mean T,  M >= max(max Tfix, min_c Tfix[c] + p_max H[c][c])
 *   d[c] >= |T[c] - mu|,   s[k] >= |T[a_k] - T[b_k]| over mesh edges
 *   sum_e (r_e/m_e) x[e][c] <= capacity - other layers' load on c
 *   the critical-path limits and attention signature (milp-critical-path.ts)
 *   replicas: |C(c)| x[e][c] + sum_{d in C(c)} x[e][d] <= |C(c)|, C(c) = cores too close to c
 *   minimise w_peak (M - ambient) + w_var mean(d) + w_smooth mean(s)
 *
 * With DRAM nodes (problem.dram) the reads heat the cores (A, vault -> core):
 *   ya[j] = sum_e (a_e/m_e) x[e][j]        (the layer's shard-read power in vault j)
 * and with w_dram > 0 also, per node k kept:
 *   MD >= TDfix[k] + sum_j Hdc[k][j] y[j] + sum_j Hda[k][j] ya[j]
 *   + w_dram (MD - ambient) in the objective.
 * Nodes are kept only if they can be the hottest: a node whose upper bound
 * (every copy of the layer at its worst core for it) is below the largest
 * lower bound (every copy at its best) never is, so dropping its row is exact.
 * Per-expert DRAM cuts like the core ones: wherever e lands (c), MD >= the
 * hottest kept node with e's heat at c and the layer's other copies at their
 * least influence on that node.
 *
 * which is exactly the heuristic's objective. y keeps the matrix sparse (no
 * dense H x expert rows). The heuristic's answer is the warm start; the answer
 * is decoded, validated against every constraint and kept only if its full
 * objective is lower. Gap = HiGHS's proven relative MIP gap of the layer
 * subproblem; with one layer that is a gap of the whole problem.
 */
import { addCriticalPathRows } from './milp-critical-path.js';
import { addDramRows, DRAM_ROUNDS, dramLayerPart, hotterNodes, type DramLayerPart } from './milp-dram.js';
import type { PlacementProblem } from './problem.js';
import { addCoreHeat, assignmentObjective } from './problem.js';
import { SolverSession, type HighsModelInput } from './solver/worker-session.js';
import { assignmentViolations } from './validate.js';

export interface LayerModel {
  readonly model: HighsModelInput;
  /** Experts of the layer (global numbers) in x order, with their first item and copies. */
  readonly experts: Int32Array;
  readonly n: number;
  readonly start: Float64Array;
  /** DRAM nodes with a row (see the header); absent without the DRAM term. */
  readonly dramNodes?: readonly number[];
}

export interface HighsImproveResult {
  readonly assign: Int32Array;
  readonly improvedLayers: number;
  readonly gap?: number;
  readonly fallbackReason?: string;
  readonly log: string[];
}

class RowBuilder {
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  add(cols: readonly number[], vals: readonly number[], lo: number, hi: number): void {
    for (let k = 0; k < cols.length; k++) {
      const v = vals[k] as number;
      if (v === 0) continue;
      this.indices.push(cols[k] as number);
      this.values.push(v);
    }
    this.starts.push(this.indices.length);
    this.lower.push(lo);
    this.upper.push(hi);
  }
}

/** The layer-l MILP with every other item fixed where `assign` puts it. */
export function buildLayerModel(
  p: PlacementProblem,
  assign: Int32Array,
  layer: number,
  dramNodes?: readonly number[],
): LayerModel {
  const n = p.coreCount;
  const i0 = p.layerItemStart[layer] as number;
  const i1 = p.layerItemStart[layer + 1] as number;
  const experts: number[] = [];
  for (let i = i0; i < i1; i++)
    if (experts[experts.length - 1] !== p.itemExpert[i]) experts.push(p.itemExpert[i] as number);
  const E = experts.length;
  // Fixed part: base power and every item outside the layer.
  const tFix = Float64Array.from(p.t0);
  const loadOther = new Float64Array(n);
  for (let i = 0; i < p.itemCount; i++) {
    if (i >= i0 && i < i1) continue;
    const c = assign[i] as number;
    addCoreHeat(tFix, p, c, p.itemPowerW[i] as number, p.itemAccessW[i] as number);
    loadOther[c] = (loadOther[c] as number) + (p.itemLoad[i] as number);
  }
  const edges = p.edges.a.length;
  const X = 0;
  const Y = E * n;
  const T = Y + n;
  const M = T + n;
  const MU = M + 1;
  const D = MU + 1;
  const S = D + n;
  const dram = dramLayerPart(p, assign, layer, experts, dramNodes);
  // The layer's shard reads per vault: they heat the cores (A) and, with the DRAM term, the nodes.
  const A = p.dram?.accessCoreCol;
  const YA = S + edges;
  const MD = YA + (A === undefined ? 0 : n);
  const numCols = dram === undefined ? MD : MD + 1;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  const integrality = new Int32Array(numCols);
  for (let k = 0; k < E * n; k++) {
    colUpper[X + k] = 1;
    integrality[X + k] = 1;
  }
  for (let c = 0; c < n; c++) {
    colLower[T + c] = tFix[c] as number;
    colCost[D + c] = p.weights.spread / n;
  }
  colCost[M] = p.weights.peak;
  colLower[MU] = -Infinity;
  for (let k = 0; k < edges; k++) colCost[S + k] = edges > 0 ? p.weights.smooth / edges : 0;
  const powerOf = (e: number) => p.itemPowerW[p.expertFirstItem[e] as number] as number;
  const loadOf = (e: number) => p.itemLoad[p.expertFirstItem[e] as number] as number;
  let pMax = 0;
  for (const e of experts) pMax = Math.max(pMax, powerOf(e));
  let mLb = -Infinity;
  let minPiece = Infinity;
  for (let c = 0; c < n; c++) {
    mLb = Math.max(mLb, tFix[c] as number);
    minPiece = Math.min(minPiece, (tFix[c] as number) + pMax * (p.h[c * n + c] as number));
  }
  colLower[M] = Math.max(mLb, minPiece);

  const slots = p.layerSlots[layer] as number;
  const r = new RowBuilder();
  const allCores = Array.from({ length: n }, (_, c) => c);
  experts.forEach((e, ei) => {
    const m = p.expertCopies[e] as number;
    r.add(
      allCores.map((c) => X + ei * n + c),
      allCores.map(() => 1),
      m,
      m,
    );
  });
  for (let j = 0; j < n; j++) {
    r.add([Y + j, ...experts.map((_, ei) => X + ei * n + j)], [1, ...experts.map((e) => -powerOf(e))], 0, 0);
  }
  const accessOf = (e: number) => p.itemAccessW[p.expertFirstItem[e] as number] as number;
  if (A !== undefined)
    for (let j = 0; j < n; j++)
      r.add([YA + j, ...experts.map((_, ei) => X + ei * n + j)], [1, ...experts.map((e) => -accessOf(e))], 0, 0);
  for (let c = 0; c < n; c++) {
    const cols = [T + c, ...allCores.map((j) => Y + j)];
    const vals = [1, ...allCores.map((j) => -(p.h[c * n + j] as number))];
    if (A !== undefined)
      for (let j = 0; j < n; j++) {
        cols.push(YA + j);
        vals.push(-(A[j * n + c] as number));
      }
    r.add(cols, vals, tFix[c] as number, tFix[c] as number);
  }
  for (let c = 0; c < n; c++) r.add([M, T + c], [1, -1], 0, Infinity);
  r.add([MU, ...allCores.map((c) => T + c)], [1, ...allCores.map(() => -1 / n)], 0, 0);
  r.add([M, MU], [1, -1], 0, Infinity);
  for (let c = 0; c < n; c++) {
    r.add([D + c, T + c, MU], [1, -1, 1], 0, Infinity);
    r.add([D + c, T + c, MU], [1, 1, -1], 0, Infinity);
  }
  for (let k = 0; k < edges; k++) {
    const a = p.edges.a[k] as number;
    const b = p.edges.b[k] as number;
    r.add([S + k, T + a, T + b], [1, -1, 1], 0, Infinity);
    r.add([S + k, T + a, T + b], [1, 1, -1], 0, Infinity);
  }
  // Per-expert peak cuts: wherever expert e lands (x[e][c] = 1), M >= T[c] >= Tfix[c] + its own
  // heat there + the rest of the layer's power at its least influence on c. Valid because exactly
  // m_e of x[e][.] are 1 (a replica pair: the mean of its two cores' bounds <= M). They lift the
  // LP bound well above the "flat" relaxation where every expert is smeared over all cores.
  // The reads likewise: its own at c, the rest at their least influence on c.
  let layerPower = 0;
  let layerReads = 0;
  for (const e of experts) {
    layerPower += powerOf(e) * (p.expertCopies[e] as number);
    layerReads += accessOf(e) * (p.expertCopies[e] as number);
  }
  experts.forEach((e, ei) => {
    const m = p.expertCopies[e] as number;
    const pe = powerOf(e);
    const ae = A === undefined ? 0 : accessOf(e);
    const coef: number[] = [];
    for (let c = 0; c < n; c++) {
      let minInfl = Infinity;
      let minReads = Infinity;
      for (let d = 0; d < n; d++)
        if (slots > 1 || d !== c) {
          minInfl = Math.min(minInfl, p.h[c * n + d] as number);
          if (A !== undefined) minReads = Math.min(minReads, A[d * n + c] as number);
        }
      if (!Number.isFinite(minInfl)) minInfl = 0;
      if (!Number.isFinite(minReads)) minReads = 0;
      const reads = A === undefined ? 0 : ae * (A[c * n + c] as number) + (layerReads - ae) * minReads;
      coef.push(-((tFix[c] as number) + pe * (p.h[c * n + c] as number) + (layerPower - pe) * minInfl + reads) / m);
    }
    r.add([M, ...allCores.map((c) => X + ei * n + c)], [1, ...coef], 0, Infinity);
  });
  let layerLoad = 0;
  for (const e of experts) layerLoad += loadOf(e) * (p.expertCopies[e] as number);
  for (let c = 0; c < n; c++) {
    const room = p.coreCapacity * (1 + 1e-9) - (loadOther[c] as number);
    // In units of the core capacity: FLOP rates (~1e12) would wreck the matrix's scaling.
    if (layerLoad > room)
      r.add(
        experts.map((_, ei) => X + ei * n + c),
        experts.map((e) => loadOf(e) / p.coreCapacity),
        -Infinity,
        room / p.coreCapacity,
      );
  }
  if (slots < i1 - i0)
    for (let c = 0; c < n; c++)
      r.add(
        experts.map((_, ei) => X + ei * n + c),
        experts.map(() => 1),
        -Infinity,
        slots,
      );
  experts.forEach((e, ei) => {
    if ((p.expertCopies[e] as number) < 2) return;
    for (let c = 0; c < n; c++) {
      const close: number[] = [];
      for (let d = 0; d < n; d++) if (d !== c && p.distant[c * n + d] !== 1) close.push(d);
      if (close.length === 0) continue;
      r.add(
        [X + ei * n + c, ...close.map((d) => X + ei * n + d)],
        [close.length, ...close.map(() => 1)],
        -Infinity,
        close.length,
      );
    }
  });
  addCriticalPathRows(p, assign, layer, experts, (ei, c) => X + ei * n + c, colUpper, r);
  if (dram !== undefined) addDramRows(p, dram, experts, { X, Y, YA, MD }, colLower, colCost, r);
  const numRows = r.lower.length;
  const model: HighsModelInput = {
    numCols,
    numRows,
    offset: -p.weights.peak * p.ambientC - (dram === undefined ? 0 : (p.dram?.weight ?? 0) * p.ambientC),
    colCost,
    colLower,
    colUpper,
    rowLower: Float64Array.from(r.lower),
    rowUpper: Float64Array.from(r.upper),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: Int32Array.from(r.starts),
      indices: Int32Array.from(r.indices),
      values: Float64Array.from(r.values),
    },
    integrality,
  };
  return {
    model,
    experts: Int32Array.from(experts),
    n,
    start: layerStart(p, assign, experts, tFix, dram),
    ...(dram === undefined ? {} : { dramNodes: dram.kept }),
  };
}

/** Full column vector of the current assignment (the warm start). */
function layerStart(
  p: PlacementProblem,
  assign: Int32Array,
  experts: readonly number[],
  tFix: Float64Array,
  dram: DramLayerPart | undefined,
): Float64Array {
  const n = p.coreCount;
  const E = experts.length;
  const edges = p.edges.a.length;
  const A = p.dram?.accessCoreCol;
  const x = new Float64Array(E * n + n + n + 2 + n + edges + (A === undefined ? 0 : n) + (dram === undefined ? 0 : 1));
  const Y = E * n;
  const T = Y + n;
  const M = T + n;
  const MU = M + 1;
  const D = MU + 1;
  const S = D + n;
  const YA = S + edges;
  experts.forEach((e, ei) => {
    const first = p.expertFirstItem[e] as number;
    for (let k = 0; k < (p.expertCopies[e] as number); k++) {
      const c = assign[first + k] as number;
      x[ei * n + c] = 1;
      x[Y + c] = (x[Y + c] as number) + (p.itemPowerW[first + k] as number);
      if (A !== undefined) x[YA + c] = (x[YA + c] as number) + (p.itemAccessW[first + k] as number);
    }
  });
  let max = -Infinity;
  let sum = 0;
  for (let c = 0; c < n; c++) {
    let t = tFix[c] as number;
    for (let j = 0; j < n; j++) t += (p.h[c * n + j] as number) * (x[Y + j] as number);
    if (A !== undefined) for (let j = 0; j < n; j++) t += (A[j * n + c] as number) * (x[YA + j] as number);
    x[T + c] = t;
    max = Math.max(max, t);
    sum += t;
  }
  const mu = sum / n;
  x[M] = max;
  x[MU] = mu;
  for (let c = 0; c < n; c++) x[D + c] = Math.abs((x[T + c] as number) - mu);
  for (let k = 0; k < edges; k++)
    x[S + k] = Math.abs((x[T + (p.edges.a[k] as number)] as number) - (x[T + (p.edges.b[k] as number)] as number));
  const d = p.dram;
  if (dram !== undefined && d !== undefined) {
    const MD = YA + n;
    const N = d.nodeCount;
    let md = dram.lowerBound;
    for (const k of dram.kept) {
      let t = dram.tdFix[k] as number;
      for (let j = 0; j < n; j++)
        t +=
          (d.coreCol[j * N + k] as number) * (x[Y + j] as number) +
          (d.accessCol[j * N + k] as number) * (x[YA + j] as number);
      if (t > md) md = t;
    }
    x[MD] = md;
  }
  return x;
}

/** Decode a layer answer into a new full assignment, or explain why it is unusable. */
export function decodeLayerAnswer(
  p: PlacementProblem,
  assign: Int32Array,
  lm: LayerModel,
  colValue: Float64Array,
): { assign: Int32Array } | { error: string } {
  const n = lm.n;
  const out = Int32Array.from(assign);
  for (let ei = 0; ei < lm.experts.length; ei++) {
    const e = lm.experts[ei] as number;
    const cores: number[] = [];
    for (let c = 0; c < n; c++) {
      const v = colValue[ei * n + c] as number;
      if (!Number.isFinite(v)) return { error: `x[E${e}][${c}] = ${v}` };
      if (Math.abs(v - Math.round(v)) > 1e-6) return { error: `fractional x[E${e}][${c}] = ${v}` };
      if (v > 0.5) cores.push(c);
    }
    if (cores.length !== (p.expertCopies[e] as number))
      return { error: `E${e} on ${cores.length} cores, expected ${p.expertCopies[e]}` };
    const first = p.expertFirstItem[e] as number;
    cores.forEach((c, k) => (out[first + k] = c));
  }
  const v = assignmentViolations(p, out);
  if (v.length > 0) return { error: `answer violates a constraint: ${v[0]}` };
  return { assign: out };
}

function finiteModel(m: HighsModelInput): string | undefined {
  const arrays: [string, Float64Array][] = [
    ['colCost', m.colCost],
    ['matrix', m.matrix.values],
  ];
  for (const [name, a] of arrays)
    for (const v of a) if (!Number.isFinite(v)) return `non-finite ${name} coefficient ${v}`;
  for (const v of m.rowLower) if (Number.isNaN(v)) return 'NaN row bound';
  for (const v of m.rowUpper) if (Number.isNaN(v)) return 'NaN row bound';
  if (!Number.isFinite(m.offset)) return 'non-finite objective offset';
  return undefined;
}

/**
 * Improve `start` layer by layer with HiGHS in a worker. The time budget is
 * shared evenly by the layers still to solve; each solve also has a hard
 * wall-clock limit (HiGHS's own limit + 2 s, then the worker is terminated).
 */
export async function improveWithHighs(
  p: PlacementProblem,
  start: Int32Array,
  timeLimitS: number,
): Promise<HighsImproveResult> {
  const log: string[] = [];
  let assign: Int32Array = Int32Array.from(start);
  let current = assignmentObjective(p, assign);
  let improvedLayers = 0;
  let gap: number | undefined;
  let fallbackReason: string | undefined;
  const session = new SolverSession();
  const deadline = Date.now() + timeLimitS * 1000;
  try {
    for (let l = 0; l < p.layerCount; l++) {
      const remainingS = (deadline - Date.now()) / 1000;
      const perLayer = remainingS / (p.layerCount - l);
      if (perLayer < 0.05) {
        fallbackReason = `time limit reached after ${l} of ${p.layerCount} layers`;
        log.push(`highs: ${fallbackReason}`);
        break;
      }
      const layerDeadline = Date.now() + perLayer * 1000;
      let nodes: readonly number[] | undefined;
      let dec: { assign: Int32Array } | undefined;
      for (let round = 0; ; round++) {
        const lm = buildLayerModel(p, assign, l, nodes);
        const bad = finiteModel(lm.model);
        if (bad !== undefined) {
          fallbackReason = `layer ${l}: model not built (${bad})`;
          log.push(`highs: ${fallbackReason}`);
          break;
        }
        const budgetS = (layerDeadline - Date.now()) / 1000;
        if (round > 0 && budgetS < 0.05) {
          log.push(
            `highs layer ${l}: no time for DRAM round ${round}; the last answer is judged by its full objective`,
          );
          break;
        }
        const outcome = await session.solve(
          {
            kind: 'highs',
            model: lm.model,
            options: { time_limit: Math.max(0.05, budgetS), random_seed: 0, mip_rel_gap: 1e-6 },
            start: lm.start,
          },
          Math.max(0.05, budgetS) * 1000 + 2000,
        );
        if (outcome.kind !== 'answer' || outcome.answer.kind !== 'highs') {
          fallbackReason =
            outcome.kind === 'timeout'
              ? `layer ${l}: hard time limit hit after ${outcome.afterMs} ms, worker terminated`
              : `layer ${l}: ${outcome.kind === 'failed' ? outcome.reason : 'unexpected answer'}`;
          log.push(`highs: ${fallbackReason}`);
          break;
        }
        const a = outcome.answer;
        const layerGap = Number.isFinite(a.mipGap) ? a.mipGap : undefined;
        log.push(
          `highs layer ${l}${lm.dramNodes === undefined ? '' : ` (DRAM rows ${lm.dramNodes.length}, round ${round})`}: ${a.status}, objective ${a.objective.toFixed(6)}, bound ${a.dualBound.toFixed(6)}, gap ${layerGap === undefined ? 'n/a' : `${(layerGap * 100).toFixed(3)}%`}, ${a.nodes} nodes, ${a.runtimeS.toFixed(2)} s`,
        );
        if (process.env.TASMOE_TAPS_HIGHS_LOG === '1') log.push(...a.log);
        if (lm.dramNodes === undefined && layerGap !== undefined) gap = Math.max(gap ?? 0, layerGap);
        if (a.colValue === null) {
          log.push(`highs layer ${l}: no primal solution returned (${a.status})`);
          break;
        }
        const got = decodeLayerAnswer(p, assign, lm, a.colValue);
        if ('error' in got) {
          fallbackReason = `layer ${l}: invalid answer rejected (${got.error})`;
          log.push(`highs: ${fallbackReason}`);
          break;
        }
        dec = got;
        // A model with only some DRAM rows is a relaxation: its bound holds for the full layer
        // problem, so the gap is measured against the answer's full objective.
        if (lm.dramNodes === undefined) break;
        const full = assignmentObjective(p, got.assign);
        const fullGap = Number.isFinite(a.dualBound)
          ? Math.max(0, full - a.dualBound) / Math.max(1e-12, Math.abs(full))
          : undefined;
        const more = hotterNodes(p, got.assign, lm.dramNodes, a.colValue[lm.model.numCols - 1] as number);
        // the layer's gap is its last round's
        if ((more.length === 0 || round + 1 >= DRAM_ROUNDS) && (layerGap !== undefined || fullGap !== undefined))
          gap = Math.max(gap ?? 0, layerGap ?? 0, fullGap ?? 0);
        if (more.length === 0) break;
        if (round + 1 >= DRAM_ROUNDS) {
          log.push(`highs layer ${l}: ${more.length} DRAM nodes above the model's peak after ${DRAM_ROUNDS} rounds`);
          break;
        }
        nodes = [...(lm.dramNodes ?? []), ...more];
      }
      if (dec === undefined) {
        if (session.dead !== undefined) break;
        continue;
      }
      const value = assignmentObjective(p, dec.assign);
      if (value < current - 1e-9 * Math.max(1, Math.abs(current))) {
        log.push(`highs layer ${l}: kept, objective ${current.toFixed(6)} -> ${value.toFixed(6)} K`);
        assign = dec.assign;
        current = value;
        improvedLayers++;
      }
    }
  } finally {
    await session.close();
  }
  return {
    assign,
    improvedLayers,
    ...(gap === undefined ? {} : { gap }),
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
    log,
  };
}
