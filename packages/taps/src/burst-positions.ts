/**
 * Which bank positions of a vault hold weight shards, from the thermal model's read-burst response
 * (BankBurstResponse, docs/model.md "Read bursts at the die edge"). A vault streams one shard at a
 * time at its whole bandwidth, so every read puts the vault's read power P_read on one position for
 * the read's duration; the die's edges are adiabatic, so that burst heats an edge bank ~1.45x and a
 * corner bank ~2.2x as much as an interior one (64x64 grid). The default placement fills every
 * position, so T_peak_dram is a read burst at a die corner.
 *
 * Model of a position's peak: `burstKPerW(p) P_read + steadyKPerW(p) meanW(p)`, the burst on top
 * of the position's own mean read power (the rest of the stack's heat is the same for every
 * position of a vault to first order and is TAPS's DRAM nodes' business). A vault keeping its k
 * lowest-burst positions spreads its mean read power over them, so for each vault TAPS keeps the k
 * (at least the shards' need and at least one position per shard of an expert, so an expert's reads
 * stay one read per position) minimising the largest predicted peak among the kept positions.
 * Exact per position at stripe_banks = dies (a shard is read on its position of every die); for
 * narrower stripes the response is that of a group homed on the first die. With TAPS's core
 * temperatures (`logic`, `taps.bank_positions: "burst+logic"`), the sets are then refined against
 * the logic die under the die's predicted burst peak (logic-positions.ts). Not modelled: which
 * reads coincide in time (a neighbour's read in the same window, a core's burst under the bank).
 */
import type { BankBurstResponse, Topology } from '@tasmoe/schemas';
import { vaultFillOrder, type BankLimits, type ShardList } from './banks.js';
import { refineForLogic, type CoreObjective, type LogicRefinement } from './logic-positions.js';

export interface VaultPositionPlan {
  /** Per core: its vault's banks in fill order (kept positions die by die, then the others). */
  readonly order: readonly Int32Array[];
  /** Per core: how many of its vault's positions are kept. */
  readonly kept: Int32Array;
  /** Per bank: 1 when its position is kept in its vault. */
  readonly keptBank: Uint8Array;
  /** What the search against the logic die did, when it ran (logic-positions.ts). */
  readonly logic?: LogicRefinement;
}

/** The model's peak rise (K) of die position q: a read's burst on top of the position's own mean read power. */
function positionPeakK(burst: BankBurstResponse, q: number, readPowerW: number, meanW: number): number {
  return (burst.burstKPerW[q] as number) * readPowerW + (burst.steadyKPerW[q] as number) * meanW;
}

/** Mean read power (W) of the shards homed in each vault. */
function vaultMeanReadW(topo: Topology, shards: ShardList, pjPerByte: number): Float64Array {
  const out = new Float64Array(topo.coreCount);
  for (let k = 0; k < shards.home.length; k++) {
    const c = shards.home[k] as number;
    out[c] = (out[c] as number) + (shards.bytesPerS[k] as number) * pjPerByte * 1e-12;
  }
  return out;
}

export function burstVaultPlan(
  topo: Topology,
  limits: BankLimits,
  shards: ShardList,
  shardsPerExpert: number,
  burst: BankBurstResponse,
  readPowerW: number,
  pjPerByte: number,
  logic?: CoreObjective,
): VaultPositionPlan {
  const meanW = vaultMeanReadW(topo, shards, pjPerByte);
  const need = new Int32Array(topo.coreCount);
  for (const c of shards.home) need[c] = (need[c] as number) + 1;
  const perPosition = topo.dramLayers * limits.shardsPerBank;
  const positions: Int32Array[] = [];
  const keptSets: Uint8Array[] = [];
  const minKept = new Int32Array(topo.coreCount);
  const peakK = (c: number, keep: Uint8Array): number => {
    const pos = positions[c] as Int32Array;
    let k = 0;
    for (const x of keep) k += x;
    let peak = 0;
    for (let i = 0; i < pos.length; i++)
      if (keep[i] === 1)
        peak = Math.max(peak, positionPeakK(burst, pos[i] as number, readPowerW, (meanW[c] as number) / k));
    return peak;
  };
  let tauK = 0;
  for (let c = 0; c < topo.coreCount; c++) {
    const pos = Int32Array.from(topo.vaultBanks(c, 0)); // bank index on die 0 = position on the die
    const P = pos.length;
    const rank = Array.from({ length: P }, (_, i) => i).sort(
      (a, b) =>
        (burst.burstKPerW[pos[a] as number] as number) - (burst.burstKPerW[pos[b] as number] as number) || a - b,
    );
    const kMin = Math.min(P, Math.max(shardsPerExpert, Math.ceil((need[c] as number) / perPosition)));
    positions.push(pos);
    // the k lowest-burst positions, k from all down to kMin: the k with the lowest vault peak
    const keep = new Uint8Array(P).fill(1);
    let bestK = P;
    let best = Number.POSITIVE_INFINITY;
    for (let k = P; k >= kMin; k--) {
      if (k < P) keep[rank[k] as number] = 0;
      const peak = peakK(c, keep);
      if (peak < best - 1e-9) {
        best = peak;
        bestK = k;
      }
    }
    for (let i = 0; i < P; i++) keep[rank[i] as number] = i < bestK ? 1 : 0;
    keptSets.push(keep);
    minKept[c] = kMin;
    if ((meanW[c] as number) > 0) tauK = Math.max(tauK, best + (logic?.vaultDramC?.[c] ?? 0));
  }
  // the die's hottest predicted burst, in degC when TAPS's DRAM nodes are given: no vault may pass it
  const limitK = Float64Array.from({ length: topo.coreCount }, (_, c) => tauK - (logic?.vaultDramC?.[c] ?? 0));
  const K = burst.coreKPerW;
  const logicResult =
    logic === undefined || K === undefined || burst.coreCount !== topo.coreCount
      ? undefined
      : refineForLogic({ positions, kept: keptSets, minKept, meanW, peakK }, K, logic, limitK);
  const order: Int32Array[] = [];
  const kept = new Int32Array(topo.coreCount);
  const keptBank = new Uint8Array(topo.bankCount);
  for (let c = 0; c < topo.coreCount; c++) {
    const keepMask = keptSets[c] as Uint8Array;
    const keep: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < keepMask.length; i++) (keepMask[i] === 1 ? keep : rest).push(i);
    const keptBanks = vaultFillOrder(topo, c, limits.layerOrder, keep);
    for (const b of keptBanks) keptBank[b] = 1;
    order.push(Int32Array.from([...keptBanks, ...vaultFillOrder(topo, c, limits.layerOrder, rest)]));
    kept[c] = keep.length;
  }
  return { order, kept, keptBank, ...(logicResult === undefined ? {} : { logic: logicResult }) };
}

/**
 * The model's largest read-burst peak rise (K) over the positions holding shards: the burst of a
 * read on the position plus the steady rise of its own mean read power.
 */
export function predictBurstPeakK(
  topo: Topology,
  shards: ShardList,
  bank: Int32Array,
  burst: BankBurstResponse,
  readPowerW: number,
  pjPerByte: number,
): number {
  const perLayer = topo.banksX * topo.banksY;
  const meanW = new Float64Array(perLayer);
  const used = new Uint8Array(perLayer);
  for (let k = 0; k < bank.length; k++) {
    const q = (bank[k] as number) % perLayer;
    used[q] = 1;
    meanW[q] = (meanW[q] as number) + (shards.bytesPerS[k] as number) * pjPerByte * 1e-12;
  }
  let peak = 0;
  for (let q = 0; q < perLayer; q++) {
    if (used[q] === 0) continue;
    const t = positionPeakK(burst, q, readPowerW, meanW[q] as number);
    if (t > peak) peak = t;
  }
  return peak;
}
