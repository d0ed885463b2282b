/**
 * TAPS's tensor stage: every weight shard of its expert's home core to a bank of that core's vault.
 *
 * - Shard order: with stripes as wide as the stack (the default, stripe_banks = dies) a shard is read
 *   on its position of every die, so its home die moves none of its heat; the shards then go in the
 *   default placement's order (layer by layer), so the experts of one layer, which a micro-batch reads
 *   at the same time, hold the same positions in every vault that keeps the same positions and
 *   their simultaneous reads stay a vault apart. Placing the hottest first instead gave each vault its own position sequence and 6x
 *   more simultaneous reads of adjacent banks across vault boundaries (4x4 mesh, 16 experts:
 *   docs/model.md "Read bursts at the die edge"). With narrower stripes the home die decides which
 *   dies are read: hottest first, so the hottest shards get the dies nearest the sink.
 * - Positions: with the thermal model's read-burst response (BankBurstResponse), each vault keeps
 *   the positions burst-positions.ts chooses (refined against the logic die with TAPS's core
 *   temperatures under `bank_positions: "burst+logic"`, logic-positions.ts); without it, every
 *   position (the default's rule).
 * - solver 'lp-solver': the per-vault die LP (lp-banks.ts) over the kept positions.
 */
import { buildTopology, stripeWidth, type BankBurstResponse, type Placement, type Topology } from '@tasmoe/schemas';
import { assignBanksGreedy, bankLimits, hottestFirst, shardListOf, type BankLimits, type ShardList } from './banks.js';
import { burstVaultPlan, predictBurstPeakK } from './burst-positions.js';
import type { CoreObjective, LogicRefinement } from './logic-positions.js';
import { shardReadBytesPerS } from './critical-path.js';
import { assignLpBanks } from './lp-banks.js';
import { expertCoresOf, shardBanksOf } from './placement-record.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface TensorStageResult {
  readonly bank: Int32Array;
  readonly log: readonly string[];
  /** Set when the lp-solver answer was used. */
  readonly lpSolved: boolean;
  readonly fallbackReason?: string;
  /** The burst model's prediction and choice, when a response was given. */
  readonly burst?: BurstSummary;
}

export interface BurstSummary {
  /** Largest predicted read-burst peak rise over the positions holding shards, K (burst-positions.ts). */
  readonly peakK: number;
  /** Vaults keeping fewer than all their positions. */
  readonly narrowedVaults: number;
  /** Positions kept per vault. */
  readonly keptPositions: Int32Array;
  readonly readPowerW: number;
  /** TAPS's predicted core peak with the burst plan's sets and after refining them against the logic die. */
  readonly logic?: LogicRefinement;
}

/** Power of one shard read, W: what it puts on its position while it streams (critical-path.ts's bandwidth). */
export function shardReadPowerW(arch: ResolvedArchConfig, taps: ResolvedTapsParamsLike): number {
  return shardReadBytesPerS(arch, taps) * arch.power.dram_pj_per_byte * 1e-12;
}

export async function placeTensors(
  arch: ResolvedArchConfig,
  topo: Topology,
  limits: BankLimits,
  shards: ShardList,
  shardsPerExpert: number,
  readPowerW: number,
  opts: {
    readonly burst?: BankBurstResponse;
    /** TAPS's core temperatures and objective: the burst plan's sets are then refined against the logic die. */
    readonly logic?: CoreObjective;
    readonly lpSolver: boolean;
    readonly timeLimitS: number;
  },
): Promise<TensorStageResult> {
  const fullStripe = stripeWidth(arch, topo) >= topo.dramLayers;
  const order = fullStripe ? Array.from({ length: shards.expert.length }, (_, k) => k) : hottestFirst(shards);
  const pj = arch.power.dram_pj_per_byte;
  const plan =
    opts.burst === undefined
      ? undefined
      : burstVaultPlan(topo, limits, shards, shardsPerExpert, opts.burst, readPowerW, pj, opts.logic);
  let bank = assignBanksGreedy(topo, limits, shards, order, plan?.order).bank;
  const log: string[] = [];
  let lpSolved = false;
  let fallbackReason: string | undefined;
  if (opts.lpSolver) {
    const r = await assignLpBanks(topo, limits, shards, bank, opts.timeLimitS, plan?.keptBank);
    log.push(...r.log);
    if (r.fallbackReason === undefined) {
      bank = r.bank;
      lpSolved = true;
    } else {
      fallbackReason = r.fallbackReason;
    }
  }
  let burst: BurstSummary | undefined;
  if (plan !== undefined && opts.burst !== undefined) {
    let narrowedVaults = 0;
    const positions = topo.vaultX * topo.vaultY;
    for (const k of plan.kept) if (k < positions) narrowedVaults++;
    burst = {
      peakK: predictBurstPeakK(topo, shards, bank, opts.burst, readPowerW, pj),
      narrowedVaults,
      keptPositions: plan.kept,
      readPowerW,
      ...(plan.logic === undefined ? {} : { logic: plan.logic }),
    };
  }
  return {
    bank,
    log,
    lpSolved,
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
    ...(burst === undefined ? {} : { burst }),
  };
}

/**
 * The read-burst model's peak rise (K) of any placement (e.g. the default's, for `tasmoe place`),
 * at the expert heat and token rate of a TAPS result.
 */
export function placementBurstPeakK(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  placement: Placement,
  expertHeat: Float64Array,
  tokenRate: number,
  burst: BankBurstResponse,
): number {
  const topo = buildTopology(arch);
  const limits = bankLimits(arch, workload, taps);
  const cores = expertCoresOf(placement, expertHeat.length, topo.coreCount);
  const shards = shardListOf(workload, limits, cores, expertHeat, tokenRate);
  const bank = shardBanksOf(placement, topo, expertHeat.length, workload.tensors.shards_per_expert);
  return predictBurstPeakK(topo, shards, bank, burst, shardReadPowerW(arch, taps), arch.power.dram_pj_per_byte);
}
