/**
 * DRAM emergency relief: a weight shard read in the pending window whose bank is
 * at or above Temg (EMA or raw) is moved to the coolest bank (any layer) in the
 * vaults within hop_radius of the core that reads it most, if that bank is cooler.
 * Like a core emergency it takes no gain test; it is bounded by its share of the
 * free migration slots and deferred with the other migrations. It uses neither Thot
 * nor mu, so those knobs cannot add shard moves.
 */
import { encodeWeightTensorId, type PendingWindowView } from '@tasmoe/schemas';
import type { BankTwinGroups } from './bank-twins.js';
import { indexRange } from './index-range.js';
import { neighbourhoods } from './neighbourhood.js';
import { record, type StepContext } from './step-context.js';
import { type BankReliefBuffers, reserveBankRelief, VAULT_UNKNOWN, type VaultCoolest } from './bank-relief-buffers.js';
import { hotShardHeap, pushHotShard } from './hot-shard-heap.js';
import { type VaultIndex, vaultIndex } from './vault-index.js';

interface CoolBank {
  /** -1: none. */
  readonly bank: number;
  readonly temp: number;
  readonly hops: number;
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
  const Temg = ctx.pressure.Temg;
  if (!(hottestC >= Temg)) return 0;
  // only the group heads of emaBank are current with twins: every read goes through the head
  // (instead of filling the 8,192 entries first: ~10 us a window)
  const head = twins !== undefined ? twins.headOf : indexRange(emaBank.length);

  const { weights, topology } = ctx;
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
      const bank = weights.shardBank[s]!;
      if (bankHot(emaBank, head, rawBank, Temg, bank)) pushHotShard(shards, s, e, emaBank[head[bank]!] ?? 0);
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
      reason: `${shardCount} shard move(s) out of banks at/above Temg deferred: noc_load above noc_defer_threshold`,
      core: -1,
      sink: -1,
      expert: -1,
    });
    return 0;
  }

  const vaults = vaultIndex(topology);
  const near = neighbourhoods(topology, ctx.hopRadius);
  const usedTargets = new Set<number>();
  buffers.vaults.bank.fill(VAULT_UNKNOWN);
  const coolest = new Map<number, CoolBank>();
  const readers = new Map<number, number>();
  const perCore = buffers.perCore;
  let used = 0;
  for (let i = 0; i < shardCount; i++) {
    if (used >= slots) {
      record(ctx, {
        winIdx: ctx.winIdx,
        kind: 'skip',
        accepted: false,
        reason: `${shardCount - i} more shard(s) in banks at/above Temg wait: no free migration slot`,
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
    const srcOwner = vaults.bankOwner[shard.bank] ?? 0;
    const srcTemp = emaBank[head[shard.bank]!] ?? 0;
    // Every listed shard's bank is hot and a hot bank is never a target, so the coolest free
    // target near the reader does not depend on the shard: computed once per reader until a
    // target is taken. Banks cooler than the source qualify, so it is the answer when cooler.
    let near1 = coolest.get(reader);
    if (near1 === undefined) {
      near1 = coolestFreeBank(
        reader,
        near[reader] ?? [],
        vaults,
        topology,
        emaBank,
        head,
        rawBank,
        Temg,
        usedTargets,
        buffers.vaults,
      );
      coolest.set(reader, near1);
    }
    const best = near1.bank >= 0 && near1.temp < srcTemp ? near1.bank : -1;
    const bestTemp = near1.temp;
    const expert = shard.expert;
    const values = { bank_src: shard.bank, T_bank_src: srcTemp, reader, slots_left: slots - used };
    if (best < 0) {
      record(ctx, {
        winIdx: ctx.winIdx,
        kind: 'skip',
        accepted: false,
        reason: 'no cooler bank near the reading core',
        core: reader,
        sink: -1,
        expert,
        values,
      });
      continue;
    }
    const bytes = weights.shardBytes[shard.slot] ?? 0;
    const dstOwner = vaults.bankOwner[best] ?? 0;
    const moveHops = topology.hops(srcOwner, dstOwner);
    const linkWindow = ctx.hw.linkBytesPerNs * ctx.windowNs;
    const nocHat = (bytes * moveHops) / linkWindow;
    const lambdaTerm = ctx.costs.lambda * moveHops;
    const muTerm = ctx.costs.mu * nocHat;
    const cost = lambdaTerm + muTerm;
    usedTargets.add(best);
    buffers.vaults.bank[dstOwner] = VAULT_UNKNOWN;
    coolest.clear();
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
      reason: 'shard bank at or above Temg (DRAM emergency): moved to the coolest bank near its reader',
      core: reader,
      sink: dstOwner,
      expert,
      values: {
        bank_src: values.bank_src,
        T_bank_src: values.T_bank_src,
        reader: values.reader,
        slots_left: values.slots_left,
        bank_dst: best,
        T_bank_dst: bestTemp,
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

/** A module function, not a closure per call: the loop runs from sources, where each closure made costs a name definition. */
function bankHot(
  emaBank: Float64Array,
  head: Int32Array,
  rawBank: ArrayLike<number>,
  Temg: number,
  bank: number,
): boolean {
  return Math.max(emaBank[head[bank]!] ?? 0, rawBank[bank] ?? 0) >= Temg;
}

/**
 * The coolest bank (EMA) below Temg and not yet a target in the vaults of `reader` and its
 * neighbourhood; ties to fewer hops from the reader, then the lower bank index. All banks of a
 * vault are the same hops away, so this is the least of the vaults' own coolest (ties: lower
 * bank), which `cache` keeps per vault for the window: neighbourhoods overlap, and taking a
 * target changes only its own vault's.
 */
function coolestFreeBank(
  reader: number,
  around: Int32Array | readonly number[],
  vaults: VaultIndex,
  topology: StepContext['topology'],
  emaBank: Float64Array,
  head: Int32Array,
  rawBank: ArrayLike<number>,
  Temg: number,
  usedTargets: ReadonlySet<number>,
  cache: VaultCoolest,
): CoolBank {
  let best = -1;
  let bestTemp = Number.POSITIVE_INFINITY;
  let bestHops = Number.POSITIVE_INFINITY;
  for (let k = -1; k < around.length; k++) {
    const core = k < 0 ? reader : (around[k] as number);
    if (cache.bank[core] === VAULT_UNKNOWN)
      vaultCoolest(core, vaults.vaultBanks[core] ?? EMPTY, emaBank, head, rawBank, Temg, usedTargets, cache);
    const b = cache.bank[core]!;
    if (b < 0) continue;
    const t = cache.temp[core]!;
    const h = topology.hops(reader, core);
    if (t < bestTemp || (t === bestTemp && (h < bestHops || (h === bestHops && b < best)))) {
      best = b;
      bestTemp = t;
      bestHops = h;
    }
  }
  return { bank: best, temp: bestTemp, hops: bestHops };
}

const EMPTY = new Int32Array(0);

function vaultCoolest(
  core: number,
  banks: Int32Array,
  emaBank: Float64Array,
  head: Int32Array,
  rawBank: ArrayLike<number>,
  Temg: number,
  usedTargets: ReadonlySet<number>,
  cache: VaultCoolest,
): void {
  let best = -1;
  let bestTemp = Number.POSITIVE_INFINITY;
  for (let k = 0; k < banks.length; k++) {
    const b = banks[k]!;
    const t = emaBank[head[b]!] ?? 0;
    // A bank hotter than the best so far cannot win: skip the other tests.
    if (t > bestTemp || bankHot(emaBank, head, rawBank, Temg, b) || (usedTargets.size > 0 && usedTargets.has(b)))
      continue;
    if (t < bestTemp || (t === bestTemp && b < best)) {
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
