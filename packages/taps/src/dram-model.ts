/**
 * TAPS's DRAM prediction: the DRAM dies above the logic die at (vault, die)
 * nodes (node k = die * cores + vault, the mean of that vault's banks on that
 * die), from the thermal solver's DRAM influence (InfluenceMatrix.dram):
 *
 *   T_dram = ambient + background + Hdc p_core + Hda p_access   (degC)
 *
 * - p_core: the same core power as the core prediction (base + attention +
 *   experts), through the core -> node influence;
 * - p_access: each item's expected weight-shard read power, bytes read per
 *   second x dram_pj_per_byte, in its own core's vault (a replica reads its
 *   resident copy there), through the vault -> node influence whose die shape
 *   is the stripe group's (@tasmoe/thermal influence-matrix.ts); it moves with
 *   the item. Bytes per second: every shard of the expert is read once per
 *   micro-batch that uses it (banks.ts shardReadRates), split over the copies;
 * - background: the placement-independent bank power, refresh and leakage of
 *   every bank at one reference temperature, `power.leak_ref_c` (the
 *   temperature core leakage is already taken at): leakage bank_leak_w there,
 *   refresh at that temperature's `tref_curve` multiplier (60 C: 2x, the branch
 *   the default runs sit on, docs/model.md "TAPS in the loop"). Not iterated
 *   with T, like the core leakage; the hidden-state and KV reads are left out.
 *
 * The same reads heat the cores below (coreFromAccess): the core prediction
 * (problem.ts addCoreHeat) adds them to each item's compute power.
 *
 * As with the core prediction, the absolute level is not a forecast (no
 * leakage or refresh feedback, mean power); it ranks placements.
 */
import { type InfluenceMatrix, type Placement, tRefStepMultiplier } from '@tasmoe/schemas';
import { shardReadRates } from './banks.js';
import { TapsError } from './errors.js';
import { perCoreShare } from './predict.js';
import type { NominalLoad } from './power-model.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface DramProblem {
  readonly dies: number;
  /** dies x cores. */
  readonly nodeCount: number;
  /** Column-major core -> node influence: coreCol[j * nodeCount + k], K/W. */
  readonly coreCol: Float64Array;
  /** Column-major vault -> node influence of shard reads: accessCol[v * nodeCount + k], K/W. */
  readonly accessCol: Float64Array;
  /** Column-major vault -> core influence of shard reads: accessCoreCol[v * cores + c], K/W. */
  readonly accessCoreCol: Float64Array;
  /** Node temperatures of the placement-independent power (background banks + base core power), degC. */
  readonly td0: Float64Array;
  /** w_dram. */
  readonly weight: number;
  /** Background bank power of the whole stack, W, and the reference it is taken at. */
  readonly backgroundBankW: number;
  readonly referenceC: number;
  readonly refreshMultiplier: number;
  /** Expected shard-read power of each global expert, all copies together, W. */
  readonly expertAccessW: Float64Array;
}

/** tref_curve multiplier at tempC (@tasmoe/schemas tRefStepMultiplier), refusing an empty curve. */
export function refreshMultiplierAt(tempC: number, curve: readonly (readonly [number, number])[]): number {
  const first = curve[0];
  if (first === undefined) throw new TapsError('TAPS_HEAT_INVALID', 'refresh.tref_curve is empty');
  return tRefStepMultiplier(tempC, curve);
}

/** The next refresh step above tempC: its temperature and multiplier, or undefined above the last one. */
export function nextRefreshStep(
  tempC: number,
  curve: readonly (readonly [number, number])[],
): { readonly atC: number; readonly multiplier: number } | undefined {
  for (let i = 1; i < curve.length; i++) {
    const p = curve[i] as readonly [number, number];
    if (p[0] > tempC) return { atC: p[0], multiplier: p[1] };
  }
  return undefined;
}

/** Background bank power of the whole stack at the reference temperature (leak_ref_c), W. */
export function backgroundBankPower(arch: ResolvedArchConfig): {
  readonly watts: number;
  readonly referenceC: number;
  readonly multiplier: number;
} {
  const [bx, by, dies] = arch.dram.banks;
  const ref = arch.power.leak_ref_c;
  const m = refreshMultiplierAt(ref, arch.refresh.tref_curve);
  const refreshW = (m / (arch.refresh.tref_base_us * 1e-6)) * arch.power.refresh_nj_per_command * 1e-9;
  return { watts: bx * by * dies * (arch.power.bank_leak_w + refreshW), referenceC: ref, multiplier: m };
}

/** Expected shard-read power of every global expert (all copies), W. */
export function expertAccessPower(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  expertHeat: Float64Array,
  tokenRate: number,
): Float64Array {
  const shardBytes = workload.tensors.weight_shard_mb * 1024 * 1024;
  // copies = 1: the whole expert's reads; the caller splits them over its copies
  const perShard = shardReadRates(
    workload,
    expertHeat,
    new Int32Array(expertHeat.length).fill(1),
    tokenRate,
    shardBytes,
  );
  const jPerByte = arch.power.dram_pj_per_byte * 1e-12;
  return perShard.map((r) => r * workload.tensors.shards_per_expert * jPerByte);
}

export function checkDramInfluence(h: InfluenceMatrix): void {
  const d = h.dram;
  if (d === undefined) return;
  const n = h.coreCount;
  const nodes = d.dies * n;
  const bad = (name: string, a: Float64Array, len: number) => {
    if (a.length !== len)
      throw new TapsError('TAPS_INFLUENCE_INVALID', `DRAM influence ${name} has ${a.length} entries, expected ${len}`);
    for (const v of a)
      if (!(Number.isFinite(v) && v >= 0))
        throw new TapsError('TAPS_INFLUENCE_INVALID', `DRAM influence ${name} entry ${v}: must be finite and >= 0`);
  };
  if (!(Number.isInteger(d.dies) && d.dies >= 1))
    throw new TapsError('TAPS_INFLUENCE_INVALID', `DRAM influence has ${d.dies} dies`);
  bad('fromCore', d.fromCore, nodes * n);
  bad('fromAccess', d.fromAccess, nodes * n);
  bad('fromBanks', d.fromBanks, nodes);
  bad('accessDieShare', d.accessDieShare, d.dies);
  bad('coreFromAccess', d.coreFromAccess, n * n);
}

/** The DRAM part of the problem, or undefined when the influence has none. */
export function buildDramProblem(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  influence: InfluenceMatrix,
  load: NominalLoad,
  expertHeat: Float64Array,
  basePowerW: Float64Array,
): DramProblem | undefined {
  const d = influence.dram;
  if (d === undefined) return undefined;
  checkDramInfluence(influence);
  const n = influence.coreCount;
  if (d.dies !== arch.dram.banks[2])
    throw new TapsError('TAPS_INFLUENCE_INVALID', `DRAM influence has ${d.dies} dies, the arch ${arch.dram.banks[2]}`);
  const N = d.dies * n;
  const coreCol = new Float64Array(N * n);
  const accessCol = new Float64Array(N * n);
  for (let k = 0; k < N; k++)
    for (let j = 0; j < n; j++) {
      coreCol[j * N + k] = d.fromCore[k * n + j] as number;
      accessCol[j * N + k] = d.fromAccess[k * n + j] as number;
    }
  const accessCoreCol = new Float64Array(n * n);
  for (let c = 0; c < n; c++)
    for (let v = 0; v < n; v++) accessCoreCol[v * n + c] = d.coreFromAccess[c * n + v] as number;
  const bg = backgroundBankPower(arch);
  const td0 = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    let s = influence.ambientC + bg.watts * (d.fromBanks[k] as number);
    for (let j = 0; j < n; j++) s += (d.fromCore[k * n + j] as number) * (basePowerW[j] as number);
    td0[k] = s;
  }
  return {
    dies: d.dies,
    nodeCount: N,
    coreCol,
    accessCol,
    accessCoreCol,
    td0,
    weight: taps.objective.w_dram,
    backgroundBankW: bg.watts,
    referenceC: bg.referenceC,
    refreshMultiplier: bg.multiplier,
    expertAccessW: expertAccessPower(arch, workload, expertHeat, load.tokenRate),
  };
}

/**
 * Predicted DRAM node temperatures (degC) of a placement record: every expert's compute power
 * (expertPowerW) and shard-read power (dram.expertAccessW) split evenly over its cores.
 */
export function predictDramTemps(
  placement: Placement,
  expertPowerW: Float64Array,
  dram: DramProblem,
  coreCount: number,
): Float64Array {
  const N = dram.nodeCount;
  const t = Float64Array.from(dram.td0);
  const w = perCoreShare(placement, expertPowerW, coreCount);
  const a = perCoreShare(placement, dram.expertAccessW, coreCount);
  for (let c = 0; c < coreCount; c++) {
    const wc = w[c] as number;
    const ac = a[c] as number;
    if (wc === 0 && ac === 0) continue;
    const o = c * N;
    for (let k = 0; k < N; k++)
      t[k] = (t[k] as number) + wc * (dram.coreCol[o + k] as number) + ac * (dram.accessCol[o + k] as number);
  }
  return t;
}

/** Hottest node, degC. */
export function maxOfTemps(t: Float64Array): number {
  let m = -Infinity;
  for (let k = 0; k < t.length; k++) if ((t[k] as number) > m) m = t[k] as number;
  return m;
}
