/**
 * Stripe-group temperatures for DRAM relief: a shard is as hot as the hottest bank of the group
 * its bytes are interleaved over (stripeGroups in @tasmoe/schemas). Homes whose groups are the
 * same set of banks (with stripe_banks = dies: every die at one bank position) share one canonical
 * key, and a window evaluates each key once: a vault's 128 candidate homes are then 16 groups.
 */
import { stripeGroups, type Topology } from '@tasmoe/schemas';
import { memoPerTopology } from './topology-memo.js';

export interface StripeTable {
  /** `banks[b * n + i]`: the i-th bank of home bank b's group. */
  readonly banks: Int32Array;
  readonly n: number;
  /** Per home bank: the lowest home bank whose group is the same set of banks. */
  readonly key: Int32Array;
}

/** Built once per (topology, width): the mesh and the stripe width do not change in a run. */
export const stripeTable: (topology: Topology, n: number) => StripeTable = memoPerTopology((topology, n) => {
  const banks = stripeGroups(topology, n);
  const key = new Int32Array(topology.bankCount);
  const seen = new Map<string, number>();
  for (let b = 0; b < topology.bankCount; b++) {
    const set = Array.from(banks.subarray(b * n, b * n + n))
      .sort((x, y) => x - y)
      .join(',');
    const k = seen.get(set);
    if (k === undefined) seen.set(set, b);
    key[b] = k ?? b;
  }
  return { banks, n, key };
});

/** One window's group temperatures, by key; reused from window to window. */
export interface StripeTemps {
  /** Window stamp of each key's entry (0: none). */
  stamp: Int32Array;
  now: number;
  /** Hottest EMA of the group. */
  ema: Float64Array;
  /** 1 when a bank of the group has EMA or raw temperature at or above the limit. */
  hot: Uint8Array;
}

export function stripeTemps(): StripeTemps {
  return { stamp: new Int32Array(0), now: 0, ema: new Float64Array(0), hot: new Uint8Array(0) };
}

/** Forget the previous window's entries (no clearing: a new stamp). */
export function nextStripeWindow(s: StripeTemps, bankCount: number): void {
  if (s.stamp.length !== bankCount || s.now === 0x7fffffff) {
    s.stamp = new Int32Array(bankCount);
    s.ema = new Float64Array(bankCount);
    s.hot = new Uint8Array(bankCount);
    s.now = 0;
  }
  s.now++;
}

/**
 * The key of home bank `home`'s group, its entry filled for this window: `s.ema[key]`,
 * `s.hot[key]`. EMA is read through `head` (the bank whose EMA is current for a twin group).
 */
export function groupKey(
  s: StripeTemps,
  t: StripeTable,
  emaBank: Float64Array,
  head: Int32Array,
  rawBank: ArrayLike<number>,
  limitC: number,
  home: number,
): number {
  const k = t.key[home]!;
  if (s.stamp[k] === s.now) return k;
  const { banks, n } = t;
  let ema = Number.NEGATIVE_INFINITY;
  let hot = 0;
  for (let i = home * n; i < home * n + n; i++) {
    const b = banks[i]!;
    const e = emaBank[head[b]!] ?? 0;
    if (e > ema) ema = e;
    if (Math.max(e, rawBank[b] ?? 0) >= limitC) hot = 1;
  }
  s.stamp[k] = s.now;
  s.ema[k] = ema;
  s.hot[k] = hot;
  return k;
}
