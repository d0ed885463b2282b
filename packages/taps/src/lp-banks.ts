/**
 * javascript-lp-solver back end, used only where a test shows it solves
 * exactly: bank assignment inside one vault. Per home core c, the shards whose
 * expert lives on c choose a DRAM die of c's vault:
 *
 *   z[s][die] >= 0,  sum_die z[s][die] = 1,  sum_s z[s][die] <= free slots of the die's banks in the vault
 *   minimise  sum read_rate[s] * sink_rank(die) * z[s][die]
 *
 * a transportation problem: its constraint matrix is totally unimodular, so
 * every simplex vertex is integral and the LP optimum is the integer optimum.
 * Measured (lp-banks.test.ts): on random instances the answer is integral and
 * equals a brute-force optimum. The full placement MILP is NOT given to this
 * solver: measured on it, it found no valid placement at any size, ignored its
 * time limit, reported fractional answers as feasible and used 2.8 GB at 256
 * experts (issue #7). Its answers are still checked (integral, complete, within
 * capacity, bandwidth after spreading over the die's banks); any failure keeps
 * the greedy assignment, with the reason logged.
 *
 * Shards the greedy spilled out of their vault, and foreign shards spilled into
 * it, stay where the greedy put them.
 */
import type { Topology } from '@tasmoe/schemas';
import { bankCost, bankViolations, type BankLimits, type ShardList } from './banks.js';
import { SolverSession, type LpSolverModel } from './solver/worker-session.js';

export interface LpBanksResult {
  readonly bank: Int32Array;
  readonly fallbackReason?: string;
  readonly log: string[];
}

export interface VaultLp {
  readonly model: LpSolverModel;
  readonly shards: number[];
  readonly dies: number[];
}

/** The transportation LP of one vault; `freeSlots[die]` = free shard slots on that die of the vault. */
export function vaultLpModel(
  shards: readonly number[],
  list: ShardList,
  limits: BankLimits,
  freeSlots: readonly number[],
): VaultLp {
  const dies = limits.layerOrder.filter((d) => (freeSlots[d] ?? 0) > 0);
  let maxRate = 0;
  for (const s of shards) maxRate = Math.max(maxRate, list.bytesPerS[s] as number);
  const scale = maxRate > 0 ? 1 / maxRate : 1;
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (const s of shards) constraints[`s${s}`] = { equal: 1 };
  for (const d of dies) constraints[`d${d}`] = { max: freeSlots[d] as number };
  for (const s of shards) {
    for (const d of dies) {
      const rank = limits.layerOrder.indexOf(d);
      variables[`z${s}_${d}`] = { cost: (list.bytesPerS[s] as number) * scale * rank, [`s${s}`]: 1, [`d${d}`]: 1 };
    }
  }
  return { model: { optimize: 'cost', opType: 'min', constraints, variables }, shards: [...shards], dies };
}

/** Read the die of every shard from a javascript-lp-solver result, or say why not. */
export function readVaultAnswer(
  lp: VaultLp,
  result: Readonly<Record<string, unknown>>,
): { die: Map<number, number> } | { error: string } {
  if (result.feasible !== true) return { error: 'reported infeasible' };
  const die = new Map<number, number>();
  for (const s of lp.shards) {
    let chosen = -1;
    for (const d of lp.dies) {
      const raw = result[`z${s}_${d}`];
      const v = typeof raw === 'number' ? raw : 0;
      if (!Number.isFinite(v) || v < -1e-9 || v > 1 + 1e-9) return { error: `z${s}_${d} = ${String(raw)}` };
      if (Math.abs(v - Math.round(v)) > 1e-6) return { error: `fractional z${s}_${d} = ${v}` };
      if (v > 0.5) {
        if (chosen >= 0) return { error: `shard ${s} on two dies` };
        chosen = d;
      }
    }
    if (chosen < 0) return { error: `shard ${s} not assigned` };
    die.set(s, chosen);
  }
  return { die };
}

export async function assignLpBanks(
  topo: Topology,
  limits: BankLimits,
  list: ShardList,
  greedy: Int32Array,
  timeLimitS: number,
  /** Per bank: 1 where the vault keeps the position (burst-positions.ts); absent = every bank. */
  keptBank?: Uint8Array,
): Promise<LpBanksResult> {
  const log: string[] = [];
  const bank = Int32Array.from(greedy);
  // the kept positions, and any bank the greedy had to use beyond them
  const open = keptBank === undefined ? undefined : Uint8Array.from(keptBank);
  if (open !== undefined) for (const b of greedy) open[b] = 1;
  const isOpen = (b: number) => open === undefined || open[b] === 1;
  const used = new Int32Array(topo.bankCount);
  const bw = new Float64Array(topo.bankCount);
  const byHome: number[][] = Array.from({ length: topo.coreCount }, () => []);
  for (let k = 0; k < bank.length; k++) {
    const b = bank[k] as number;
    const home = list.home[k] as number;
    if (topo.bankOwnerCore(b) === home) {
      byHome[home]?.push(k);
    } else {
      used[b] = (used[b] as number) + 1;
      bw[b] = (bw[b] as number) + (list.bytesPerS[k] as number);
    }
  }
  const session = new SolverSession();
  const deadline = Date.now() + timeLimitS * 1000;
  let solved = 0;
  let runtimeS = 0;
  try {
    for (let c = 0; c < topo.coreCount; c++) {
      const shards = byHome[c] as number[];
      if (shards.length === 0) continue;
      const freeSlots: number[] = [];
      for (let d = 0; d < topo.dramLayers; d++) {
        let free = 0;
        for (const b of topo.vaultBanks(c, d)) if (isOpen(b)) free += limits.shardsPerBank - (used[b] as number);
        freeSlots.push(free);
      }
      const lp = vaultLpModel(shards, list, limits, freeSlots);
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) return { bank: greedy, fallbackReason: `time limit reached after ${solved} vaults`, log };
      const outcome = await session.solve({ kind: 'lp-solver', model: lp.model }, remainingMs);
      if (outcome.kind !== 'answer' || outcome.answer.kind !== 'lp-solver') {
        const why =
          outcome.kind === 'timeout'
            ? `hard time limit hit after ${outcome.afterMs} ms`
            : outcome.kind === 'failed'
              ? outcome.reason
              : 'unexpected answer';
        return { bank: greedy, fallbackReason: `vault ${c}: ${why}`, log };
      }
      runtimeS += outcome.answer.runtimeS;
      const read = readVaultAnswer(lp, outcome.answer.result);
      if ('error' in read)
        return { bank: greedy, fallbackReason: `vault ${c}: invalid answer rejected (${read.error})`, log };
      // Spread each die's shards over its banks: hottest first to the least-read bank with room.
      const order = [...shards].sort((i, j) => (list.bytesPerS[j] as number) - (list.bytesPerS[i] as number) || i - j);
      for (const s of order) {
        const d = read.die.get(s) as number;
        let best = -1;
        for (const b of topo.vaultBanks(c, d)) {
          if (!isOpen(b) || (used[b] as number) >= limits.shardsPerBank) continue;
          if (best < 0 || (bw[b] as number) < (bw[best] as number)) best = b;
        }
        if (best < 0) return { bank: greedy, fallbackReason: `vault ${c}: die ${d} over capacity in the answer`, log };
        bank[s] = best;
        used[best] = (used[best] as number) + 1;
        bw[best] = (bw[best] as number) + (list.bytesPerS[s] as number);
      }
      solved++;
    }
  } finally {
    await session.close();
  }
  const v = bankViolations(topo, limits, list, bank);
  if (v.length > 0) return { bank: greedy, fallbackReason: `answer violates a constraint: ${v[0]}`, log };
  const lpCost = bankCost(topo, limits, list, bank);
  const greedyCost = bankCost(topo, limits, list, greedy);
  log.push(
    `lp-solver banks: ${solved} vaults in ${runtimeS.toFixed(2)} s solver time, cost ${lpCost.toExponential(6)} vs greedy ${greedyCost.toExponential(6)}`,
  );
  if (lpCost > greedyCost * (1 + 1e-9)) {
    log.push('lp-solver banks: greedy cheaper, kept greedy');
    return { bank: greedy, log };
  }
  return { bank, log };
}
