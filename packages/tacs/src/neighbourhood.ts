/**
 * Sink candidates of a source: cores within the hop radius, nearest first. Cached
 * per (topology, radius) since the mesh never changes during a run; the cache
 * does not change results, only avoids rebuilding the lists every window.
 */
import type { Topology } from '@tasmoe/schemas';

const cache = new WeakMap<Topology, Map<number, readonly Int32Array[]>>();

export function neighbourhoods(topology: Topology, radius: number): readonly Int32Array[] {
  let byRadius = cache.get(topology);
  if (byRadius === undefined) {
    byRadius = new Map();
    cache.set(topology, byRadius);
  }
  let lists = byRadius.get(radius);
  if (lists === undefined) {
    const built: Int32Array[] = [];
    for (let c = 0; c < topology.coreCount; c++) built.push(Int32Array.from(topology.neighbours(c, radius)));
    lists = built;
    byRadius.set(radius, lists);
  }
  return lists;
}
