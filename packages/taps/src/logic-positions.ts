/**
 * The bank stage's positions against the logic die (`taps.bank_positions: "burst+logic"`). Which
 * positions of a vault hold shards moves the vault's read heat over the logic die below: leaving
 * out a vault's die-edge positions (burst-positions.ts) shifts its reads towards the die's middle,
 * where the logic die is warmest (docs/model.md "The positions' heat on the logic die").
 *
 * TAPS's core temperatures (`T = ambient + H p + A p_access`) take each vault's reads spread evenly
 * over its positions, as A's source does (computeInfluenceMatrix). A vault v whose reads sit evenly
 * on a set S of its positions instead changes core c by
 *
 *   delta_c = meanW_v / |S| * sum_{q in S} K[q][c]  -  meanW_v / P * sum_{all q} K[q][c]
 *
 * with K the response's `coreKPerW`. Starting from the burst plan's sets, a local search (drop,
 * keep or exchange one position of one vault; per vault the best move, passes until none improves)
 * minimises TAPS's core objective of `T + delta`. Each vault's limit (`limitK`) keeps its predicted
 * burst peak at or under the die's hottest one, so the model's die peak is unchanged; a vault may
 * keep as few positions as the burst plan allows (one per shard of an expert). That concentrates
 * reads, which costs T_peak_dram in the closed loop through coincidences the burst model leaves out
 * (measured), so it is not the default.
 */
import { maxOfTemps } from './dram-model.js';

/** TAPS's predicted core temperatures of the placement and its core objective of a temperature vector. */
export interface CoreObjective {
  /** degC per core, reads spread evenly over each vault's positions. */
  readonly tempsC: Float64Array;
  readonly value: (t: Float64Array) => number;
  /**
   * Per vault: TAPS's predicted temperature of its hottest DRAM node (vault x die mean), degC, on
   * which a read burst sits. Absent: every vault is taken at the same temperature.
   */
  readonly vaultDramC?: Float64Array;
}

export interface VaultSets {
  /** Per vault: its positions (die-position bank indices), in vault order. */
  readonly positions: readonly Int32Array[];
  /** Per vault: 1 where the position is kept, aligned with `positions`. */
  readonly kept: readonly Uint8Array[];
  /** Per vault: the fewest positions it may keep. */
  readonly minKept: Int32Array;
  /** Per vault: mean read power, W. */
  readonly meanW: Float64Array;
  /** Predicted burst peak (K) of vault v keeping the positions marked in `keep`. */
  readonly peakK: (v: number, keep: Uint8Array) => number;
}

export interface LogicRefinement {
  /** Predicted core peak (degC) with the reads on the burst plan's sets and after the search. */
  readonly burstPlanPeakC: number;
  readonly peakC: number;
  readonly moves: number;
}

const MAX_PASSES = 20;

/** Refines `sets.kept` in place; returns what it predicts. */
export function refineForLogic(
  sets: VaultSets,
  K: Float64Array,
  logic: CoreObjective,
  limitK: ArrayLike<number>,
): LogicRefinement {
  const n = logic.tempsC.length;
  const vaults = sets.positions.length;
  const t = Float64Array.from(logic.tempsC);
  // per vault: the sum of K's rows over its kept positions, its reads spread evenly over all its
  // positions (meanW / P sum_all K: what tempsC holds), and its share of t now
  const sum: Float64Array[] = [];
  const evenK: Float64Array[] = [];
  const contrib: Float64Array[] = [];
  const kept = new Int32Array(vaults);
  for (let v = 0; v < vaults; v++) {
    const pos = sets.positions[v] as Int32Array;
    const keep = sets.kept[v] as Uint8Array;
    const w = sets.meanW[v] as number;
    const s = new Float64Array(n);
    const e = new Float64Array(n);
    for (let i = 0; i < pos.length; i++) {
      const o = (pos[i] as number) * n;
      addRow(e, K, o, w / pos.length);
      if (keep[i] === 1) {
        kept[v] = (kept[v] as number) + 1;
        addRow(s, K, o, 1);
      }
    }
    const d = vaultShare(new Float64Array(n), s, w, kept[v] as number, e);
    for (let c = 0; c < n; c++) t[c] = (t[c] as number) + (d[c] as number);
    sum.push(s);
    evenK.push(e);
    contrib.push(d);
  }
  const burstPlanPeakC = maxOfTemps(t);
  const trial = new Float64Array(n);
  const trialSum = new Float64Array(n);
  const next = new Float64Array(n);
  let moves = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let v = 0; v < vaults; v++) {
      const w = sets.meanW[v] as number;
      if (!(w > 0)) continue;
      const pos = sets.positions[v] as Int32Array;
      const keep = sets.kept[v] as Uint8Array;
      const s = sum[v] as Float64Array;
      const e = evenK[v] as Float64Array;
      const d = contrib[v] as Float64Array;
      const k0 = kept[v] as number;
      let best = logic.value(t) - 1e-12;
      let bestOut = -1;
      let bestIn = -1;
      // out: a kept position left out (or -1); inn: a left-out position kept (or -1)
      const consider = (out: number, inn: number): void => {
        const k = k0 - (out >= 0 ? 1 : 0) + (inn >= 0 ? 1 : 0);
        if (k < Math.max(1, sets.minKept[v] as number)) return;
        if (out >= 0) keep[out] = 0;
        if (inn >= 0) keep[inn] = 1;
        const ok = sets.peakK(v, keep) <= (limitK[v] as number) + 1e-12;
        if (out >= 0) keep[out] = 1;
        if (inn >= 0) keep[inn] = 0;
        if (!ok) return;
        trialSum.set(s);
        if (out >= 0) addRow(trialSum, K, (pos[out] as number) * n, -1);
        if (inn >= 0) addRow(trialSum, K, (pos[inn] as number) * n, 1);
        vaultShare(next, trialSum, w, k, e);
        for (let c = 0; c < n; c++) trial[c] = (t[c] as number) - (d[c] as number) + (next[c] as number);
        const val = logic.value(trial);
        if (val < best) {
          best = val;
          bestOut = out;
          bestIn = inn;
        }
      };
      for (let i = 0; i < pos.length; i++) {
        if (keep[i] === 1) {
          consider(i, -1);
          for (let j = 0; j < pos.length; j++) if (keep[j] === 0) consider(i, j);
        } else consider(-1, i);
      }
      if (bestOut < 0 && bestIn < 0) continue;
      if (bestOut >= 0) {
        keep[bestOut] = 0;
        addRow(s, K, (pos[bestOut] as number) * n, -1);
      }
      if (bestIn >= 0) {
        keep[bestIn] = 1;
        addRow(s, K, (pos[bestIn] as number) * n, 1);
      }
      const k = k0 - (bestOut >= 0 ? 1 : 0) + (bestIn >= 0 ? 1 : 0);
      kept[v] = k;
      vaultShare(next, s, w, k, e);
      for (let c = 0; c < n; c++) t[c] = (t[c] as number) - (d[c] as number) + (next[c] as number);
      d.set(next);
      moves++;
      improved = true;
    }
    if (!improved) break;
  }
  return { burstPlanPeakC, peakC: maxOfTemps(t), moves };
}

/** A vault's change to the cores: its w watts evenly on k kept positions (rows summing to s) minus evenly on all (e). */
function vaultShare(into: Float64Array, s: Float64Array, w: number, k: number, e: Float64Array): Float64Array {
  for (let c = 0; c < into.length; c++) into[c] = (w * (s[c] as number)) / k - (e[c] as number);
  return into;
}

/** acc += f x K's row starting at o. */
function addRow(acc: Float64Array, K: Float64Array, o: number, f: number): void {
  for (let c = 0; c < acc.length; c++) acc[c] = (acc[c] as number) + f * (K[o + c] as number);
}
