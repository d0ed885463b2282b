/**
 * The arrays DRAM relief lists a window's hot shards in, kept from one window to the next.
 */
import { type HotShardList, hotShardList } from './hot-shard-heap.js';

export interface BankReliefBuffers {
  /** Per expert, 1 once seen in the window; 0 (every entry) between windows. */
  seen: Uint8Array;
  /** The experts seen, to clear `seen` again. */
  seenList: Int32Array;
  readonly shards: HotShardList;
  vaults: VaultCoolest;
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
    seen: new Uint8Array(0),
    seenList: new Int32Array(0),
    shards: hotShardList(),
    vaults: { bank: new Int32Array(0), temp: new Float64Array(0) },
  };
}

export function reserveBankRelief(b: BankReliefBuffers, experts: number, tasks: number, cores: number): void {
  if (b.vaults.bank.length !== cores) b.vaults = { bank: new Int32Array(cores), temp: new Float64Array(cores) };
  if (b.seen.length < experts) b.seen = new Uint8Array(experts);
  if (b.seenList.length < tasks) b.seenList = new Int32Array(Math.max(tasks, 2 * b.seenList.length));
}
