/**
 * The hot weight shards of a window in the order DRAM relief (bank-relief.ts) takes them.
 */

export interface HotShard {
  readonly slot: number;
  readonly expert: number;
  readonly bank: number;
}

/**
 * The window's hot shards as listed (entries 0 .. size - 1, any order), in arrays kept from one
 * window to the next.
 */
export interface HotShardList {
  slot: Int32Array;
  expert: Int32Array;
  temp: Float64Array;
  heap: Int32Array;
  size: number;
}

export function hotShardList(): HotShardList {
  return {
    slot: new Int32Array(16),
    expert: new Int32Array(16),
    temp: new Float64Array(16),
    heap: new Int32Array(16),
    size: 0,
  };
}

export function pushHotShard(list: HotShardList, slot: number, expert: number, temp: number): void {
  if (list.size === list.slot.length) {
    const n = 2 * list.size;
    const grown = { slot: new Int32Array(n), expert: new Int32Array(n), temp: new Float64Array(n) };
    grown.slot.set(list.slot);
    grown.expert.set(list.expert);
    grown.temp.set(list.temp);
    list.slot = grown.slot;
    list.expert = grown.expert;
    list.temp = grown.temp;
    list.heap = new Int32Array(n);
  }
  list.slot[list.size] = slot;
  list.expert[list.size] = expert;
  list.temp[list.size] = temp;
  list.size++;
}

/** Pops taken by a scan of the remaining shards before the rest is made a heap. */
const LINEAR_POPS = 4;

/**
 * The listed shards by (temperature descending, expert, slot): pop() gives them in the order a
 * sort by that key would. DRAM relief looks at one shard per free migration slot, usually a few
 * of hundreds: the first LINEAR_POPS pops scan the rest (n predictable comparisons each, where
 * building a heap mispredicts about half of its ~2n), later ones come off a max-heap built then
 * (O(n) once, O(log n) a pop). The sort this replaced cost O(n log n) comparator calls on objects.
 */
export function hotShardHeap(list: HotShardList, shardBank: Int32Array): { readonly size: number; pop(): HotShard } {
  const { slot, expert, temp, heap, size } = list;
  // a before b: hotter, then the lower expert, then the lower slot (a strict total order)
  const before = (a: number, b: number): boolean => {
    const ta = temp[a]!;
    const tb = temp[b]!;
    if (ta !== tb) return ta > tb;
    const ea = expert[a]!;
    const eb = expert[b]!;
    return ea !== eb ? ea < eb : slot[a]! < slot[b]!;
  };
  let len = -1;
  const siftDown = (at: number): void => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= len) return;
      const r = l + 1;
      const c = r < len && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, heap[i]!)) return;
      const t = heap[i]!;
      heap[i] = heap[c]!;
      heap[c] = t;
      i = c;
    }
  };
  let popped = 0;
  return {
    size,
    pop(): HotShard {
      let top: number;
      if (popped < LINEAR_POPS) {
        // the first few: a scan of the rest for the first in order (no heap to build)
        if (len < 0) {
          len = size;
          for (let i = 0; i < size; i++) heap[i] = i;
        }
        let at = 0;
        for (let i = 1; i < len; i++) if (before(heap[i]!, heap[at]!)) at = i;
        top = heap[at]!;
        len--;
        heap[at] = heap[len]!;
      } else {
        if (popped === LINEAR_POPS) for (let i = (len >> 1) - 1; i >= 0; i--) siftDown(i);
        top = heap[0]!;
        len--;
        heap[0] = heap[len]!;
        siftDown(0);
      }
      popped++;
      const s = slot[top]!;
      return { slot: s, expert: expert[top]!, bank: shardBank[s] ?? 0 };
    },
  };
}
