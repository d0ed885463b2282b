/**
 * DRAM emergency relief: a weight shard read in the pending window whose stripe group (the banks
 * its bytes are interleaved over, stripe-groups.ts) has a bank at or above Temg_dram (EMA or raw)
 * is moved to the coolest free stripe group of the vault of the core that reads it most, if that
 * group is cooler and has no bank at or above Temg_dram.
 *
 * Temg_dram, not the cores' Temg: a DRAM bank's limit is JEDEC's 85 C (twice the refresh above
 * it), and a move costs a 2 x shard copy through the vault's TSVs. Judged against the cores'
 * Temg (78 C), the default run moved 2,575 shards, each between groups ~1 K apart, for -16 % ips.
 * Only the reader's vault: a shard homed in another vault is read over the NoC and through that
 * vault's TSV bundle, which serves its own core's reads in issue order, so every later read of
 * the expert waits behind them (measured: ~210 such moves cost the default run 43 % of its ips),
 * a cost no per-move NoC term prices. Like a core emergency it takes no gain test; it is bounded
 * by its share of the free migration slots and deferred with the other migrations. It uses
 * neither Thot nor mu, so those knobs cannot add shard moves.
 */
import { encodeWeightTensorId, type PendingWindowView } from '@tasmoe/schemas';
import type { BankTwinGroups } from './bank-twins.js';
import { indexRange } from './index-range.js';
import { record, type StepContext } from './step-context.js';
import { type BankReliefBuffers, reserveBankRelief, VAULT_UNKNOWN, type VaultCoolest } from './bank-relief-buffers.js';
import { hotShardHeap, pushHotShard } from './hot-shard-heap.js';
import { groupKey, nextStripeWindow, type StripeTable, type StripeTemps, stripeTable } from './stripe-temps.js';
import { vaultIndex } from './vault-index.js';

interface CoolBank {
  /** -1: none. */
  readonly bank: number;
  /** The hottest EMA of the bank's stripe group. */
  readonly temp: number;
}

/** Returns the number of migration slots used. */
export function relieveHotBanks(
  ctx: StepContext,
  pending: PendingWindowView,
  emaBank: Float64Array,
  rawBank: ArrayLike<number>,
  slots: number,
  /** The hottest smoothed or raw bank temperature (from the EMA pass: no scan of every bank here). */
  hottestC: number,
  buffers: BankReliefBuffers,
  /** Present when only the group heads of emaBank are current. */
  twins?: BankTwinGroups,
): number {
  if (emaBank.length === 0) return 0;
  const TemgDram = ctx.dramEmergencyC;
  if (!(hottestC >= TemgDram)) return 0;
  // only the group heads of emaBank are current with twins: every read goes through the head
  // (instead of filling the 8,192 entries first: ~10 us a window)
  const head = twins !== undefined ? twins.headOf : indexRange(emaBank.length);

  const { weights, topology } = ctx;
  const table = stripeTable(topology, ctx.hw.stripeBanks);
  const temps = buffers.stripes;
  nextStripeWindow(temps, topology.bankCount);
  // The hot shards of the experts read in the pending window, listed in one pass.
  reserveBankRelief(buffers, weights.expertCount, topology.coreCount);
  const { seenAt, stamp, shards } = buffers;
  shards.size = 0;
  for (let i = 0; i < pending.taskCount; i++) {
    const e = pending.expert[i]!;
    if (e < 0 || e >= weights.expertCount || seenAt[e] === stamp) continue;
    seenAt[e] = stamp;
    const end = weights.shardOffset[e + 1]!;
    for (let s = weights.shardOffset[e]!; s < end; s++) {
      if (pending.tStartNs < weights.shardMovedNs[s]! + ctx.minResidencyNs) continue;
      // a copy still landing past the residency (queued behind the vault's reads)
      if (ctx.replicas.weightInFlight?.(e, weights.shardIndex[s]!, ctx.tApplyNs) === true) continue;
      const bank = weights.shardBank[s]!;
      const k = groupKey(temps, table, emaBank, head, rawBank, TemgDram, bank);
      if (temps.hot[k] === 1) pushHotShard(shards, s, e, temps.ema[k]!);
    }
  }
  // The hot shards, hottest first (ties: expert, then slot). Most windows look at only the first
  // few (one per free migration slot), so they come off a binary heap instead of a full sort.
  const heap = hotShardHeap(shards, weights.shardBank);
  const shardCount = heap.size;
  if (shardCount === 0) return 0;

  if (ctx.deferMigrations) {
    record(ctx, {
      winIdx: ctx.winIdx,
      kind: 'deferred',
      accepted: false,
      reason: `${shardCount} shard move(s) out of stripe groups at/above Temg_dram deferred: noc_load above noc_defer_threshold`,
      core: -1,
      sink: -1,
      expert: -1,
    });
    return 0;
  }

  const vaults = vaultIndex(topology);
  // A bank that is some shard's home is not a target (a bank holds one shard: 56 MiB of 64 MiB).
  const homes = buffers.homes.length === topology.bankCount ? buffers.homes : new Uint8Array(topology.bankCount);
  buffers.homes = homes;
  homes.fill(0);
  for (let s = 0; s < weights.shardBank.length; s++) homes[weights.shardBank[s]!] = 1;
  const coolest = buffers.vaults;
  coolest.bank.fill(VAULT_UNKNOWN);
  const readers = new Map<number, number>();
  const perCore = buffers.perCore;
  let used = 0;
  for (let i = 0; i < shardCount; i++) {
    if (used >= slots) {
      record(ctx, {
        winIdx: ctx.winIdx,
        kind: 'skip',
        accepted: false,
        reason: `${shardCount - i} more shard(s) in stripe groups at/above Temg_dram wait: no free migration slot`,
        core: -1,
        sink: -1,
        expert: -1,
        values: { slots },
      });
      break;
    }
    const shard = heap.pop();
    // Only the shards looked at need their reader (most wait for a slot).
    let reader = readers.get(shard.expert);
    if (reader === undefined) {
      reader = readingCore(pending, shard.expert, perCore);
      readers.set(shard.expert, reader);
    }
    const srcTemp = temps.ema[groupKey(temps, table, emaBank, head, rawBank, TemgDram, shard.bank)]!;
    // Every listed shard's group is hot and a hot group is never a target, so the coolest free
    // target in the reader's vault does not depend on the shard: computed once per vault until
    // one of its banks is taken. Groups cooler than the source qualify, so it is the answer when cooler.
    if (coolest.bank[reader] === VAULT_UNKNOWN)
      vaultCoolest(
        reader,
        vaults.vaultBanks[reader] ?? EMPTY,
        temps,
        table,
        emaBank,
        head,
        rawBank,
        TemgDram,
        homes,
        coolest,
      );
    const target: CoolBank = { bank: coolest.bank[reader]!, temp: coolest.temp[reader]! };
    const best = target.bank >= 0 && target.temp < srcTemp ? target.bank : -1;
    const expert = shard.expert;
    const values = { bank_src: shard.bank, T_bank_src: srcTemp, reader, slots_left: slots - used };
    if (best < 0) {
      record(ctx, {
        winIdx: ctx.winIdx,
        kind: 'skip',
        accepted: false,
        reason: "no cooler free stripe group in the reading core's vault",
        core: reader,
        sink: -1,
        expert,
        values,
      });
      continue;
    }
    const bytes = weights.shardBytes[shard.slot] ?? 0;
    const srcOwner = vaults.bankOwner[shard.bank] ?? 0;
    const dstOwner = vaults.bankOwner[best] ?? 0;
    const moveHops = topology.hops(srcOwner, dstOwner);
    const linkWindow = ctx.hw.linkBytesPerNs * ctx.windowNs;
    const nocHat = (bytes * moveHops) / linkWindow;
    const lambdaTerm = ctx.costs.lambda * moveHops;
    const muTerm = ctx.costs.mu * nocHat;
    const cost = lambdaTerm + muTerm;
    homes[best] = 1;
    // the group now holds this shard's reads too: not a second target in this window (its other
    // free home banks, on other dies of the same position, would pile shards onto one group)
    temps.hot[groupKey(temps, table, emaBank, head, rawBank, TemgDram, best)] = 1;
    coolest.bank[dstOwner] = VAULT_UNKNOWN;
    used++;
    ctx.migrate.push({
      t_apply_ns: ctx.tApplyNs,
      obj_type: 'weight',
      obj_id: encodeWeightTensorId(expert, weights.shardIndex[shard.slot] ?? 0),
      src: topology.bankIdOf(shard.bank),
      dst: topology.bankIdOf(best),
      size_bytes: Math.round(bytes),
      cost,
    });
    record(ctx, {
      winIdx: ctx.winIdx,
      kind: 'weight',
      accepted: true,
      reason:
        "shard stripe group at or above Temg_dram (DRAM emergency): moved to the coolest free group in its reader's vault",
      core: reader,
      sink: dstOwner,
      expert,
      values: {
        bank_src: values.bank_src,
        T_bank_src: values.T_bank_src,
        reader: values.reader,
        slots_left: values.slots_left,
        bank_dst: best,
        T_bank_dst: target.temp,
        hops: moveHops,
        nocHat,
        lambdaTerm,
        muTerm,
        costK: cost,
      },
    });
  }
  return used;
}

const EMPTY = new Int32Array(0);

/**
 * The free home bank of `core`'s vault whose stripe group is coolest (hottest EMA of the group)
 * with no bank at or above Temg_dram; ties to the lower bank (banks ascend). Kept in `cache` for
 * the window: taking a target changes only its own vault's.
 */
function vaultCoolest(
  core: number,
  banks: Int32Array,
  temps: StripeTemps,
  table: StripeTable,
  emaBank: Float64Array,
  head: Int32Array,
  rawBank: ArrayLike<number>,
  TemgDram: number,
  homes: Uint8Array,
  cache: VaultCoolest,
): void {
  let best = -1;
  let bestTemp = Number.POSITIVE_INFINITY;
  for (let i = 0; i < banks.length; i++) {
    const b = banks[i]!;
    if (homes[b] === 1) continue;
    const k = groupKey(temps, table, emaBank, head, rawBank, TemgDram, b);
    const t = temps.ema[k]!;
    if (temps.hot[k] === 0 && t < bestTemp) {
      best = b;
      bestTemp = t;
    }
  }
  cache.bank[core] = best;
  cache.temp[core] = bestTemp;
}

/** The core with the most pending FLOPs of `expert` (lowest id on ties); sums in task order. */
function readingCore(pending: PendingWindowView, expert: number, perCore: Float64Array): number {
  perCore.fill(0);
  for (let i = 0; i < pending.taskCount; i++) {
    if ((pending.expert[i] ?? -1) !== expert) continue;
    const c = pending.core[i] ?? 0;
    perCore[c] = (perCore[c] ?? 0) + (pending.flops[i] ?? 0);
  }
  let reader = 0;
  for (let c = 1; c < perCore.length; c++) if ((perCore[c] ?? 0) > (perCore[reader] ?? 0)) reader = c;
  return reader;
}
