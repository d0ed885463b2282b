/**
 * The arrays DRAM relief lists a window's hot shards in, kept from one window to the next.
 */
import { type HotShardList, hotShardList } from './hot-shard-heap.js';
import { type StripeTemps, stripeTemps } from './stripe-temps.js';

export interface BankReliefBuffers {
  /** Per expert, the window stamp that saw it last (nothing to clear between windows). */
  seenAt: Int32Array;
  /** This window's stamp (reserveBankRelief advances it). */
  stamp: number;
  readonly shards: HotShardList;
  vaults: VaultCoolest;
  /** Per core (a reader's pending FLOPs). */
  perCore: Float64Array;
  /** Per bank, 1 where a shard is homed (or a move of this window lands). */
  homes: Uint8Array;
  readonly stripes: StripeTemps;
}

/** Per core: its vault's coolest free bank (-1: none) and that bank's EMA, for one window. */
export interface VaultCoolest {
  readonly bank: Int32Array;
  readonly temp: Float64Array;
}

/** Not computed yet in this window. */
export const VAULT_UNKNOWN = -2;

export function bankReliefBuffers(): BankReliefBuffers {
  return {
    seenAt: new Int32Array(0),
    stamp: 0,
    shards: hotShardList(),
    vaults: { bank: new Int32Array(0), temp: new Float64Array(0) },
    perCore: new Float64Array(0),
    homes: new Uint8Array(0),
    stripes: stripeTemps(),
  };
}

/** Sized for the window, with a new stamp. */
export function reserveBankRelief(b: BankReliefBuffers, experts: number, cores: number): void {
  if (b.vaults.bank.length !== cores) {
    b.vaults = { bank: new Int32Array(cores), temp: new Float64Array(cores) };
    b.perCore = new Float64Array(cores);
  }
  if (b.seenAt.length < experts || b.stamp === 0x7fffffff) {
    b.seenAt = new Int32Array(Math.max(experts, b.seenAt.length));
    b.stamp = 0;
  }
  b.stamp++;
}
