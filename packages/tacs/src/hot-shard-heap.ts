/**
 * The hot weight shards of a window in the order DRAM relief (bank-relief.ts) takes them.
 */
import type { ExpertWeights } from './expert-weights.js';

export interface HotShard {
  readonly slot: number;
  readonly expert: number;
  readonly bank: number;
}

/**
 * Max-heap of the hot shards of `experts` by (bank temperature descending, expert, slot): pop()
 * gives them in the order a sort by that key would. DRAM relief looks at one shard per free
 * migration slot, usually a few of hundreds: a heap costs O(n) to build and O(log n) per shard
 * looked at, where the sort it replaced cost O(n log n) comparator calls on objects.
 */
export function hotShardHeap(
  weights: Pick<ExpertWeights, 'shardOffset' | 'shardBank'>,
  experts: readonly number[],
  isHot: (bank: number) => boolean,
  bankTemp: ArrayLike<number>,
): { readonly size: number; pop(): HotShard } {
  let n = 0;
  for (const e of experts) n += (weights.shardOffset[e + 1] ?? 0) - (weights.shardOffset[e] ?? 0);
  const slot = new Int32Array(n);
  const expert = new Int32Array(n);
  const temp = new Float64Array(n);
  let size = 0;
  for (const e of experts) {
    const end = weights.shardOffset[e + 1] ?? 0;
    for (let s = weights.shardOffset[e] ?? 0; s < end; s++) {
      const bank = weights.shardBank[s] ?? 0;
      if (!isHot(bank)) continue;
      slot[size] = s;
      expert[size] = e;
      temp[size] = bankTemp[bank] ?? 0;
      size++;
    }
  }
  const heap = new Int32Array(size);
  for (let i = 0; i < size; i++) heap[i] = i;
  // a before b: hotter, then the lower expert, then the lower slot (a strict total order)
  const before = (a: number, b: number): boolean => {
    const ta = temp[a] as number;
    const tb = temp[b] as number;
    if (ta !== tb) return ta > tb;
    const ea = expert[a] as number;
    const eb = expert[b] as number;
    return ea !== eb ? ea < eb : (slot[a] as number) < (slot[b] as number);
  };
  let len = size;
  const siftDown = (at: number): void => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= len) return;
      const r = l + 1;
      const c = r < len && before(heap[r] as number, heap[l] as number) ? r : l;
      if (!before(heap[c] as number, heap[i] as number)) return;
      const t = heap[i] as number;
      heap[i] = heap[c] as number;
      heap[c] = t;
      i = c;
    }
  };
  for (let i = (len >> 1) - 1; i >= 0; i--) siftDown(i);
  return {
    size,
    pop(): HotShard {
      const top = heap[0] as number;
      len--;
      heap[0] = heap[len] as number;
      siftDown(0);
      const s = slot[top] as number;
      return { slot: s, expert: expert[top] as number, bank: weights.shardBank[s] ?? 0 };
    },
  };
}
