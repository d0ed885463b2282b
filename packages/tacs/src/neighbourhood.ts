/**
 * Sink candidates of a source: cores within the hop radius, nearest first. Cached
 * per (topology, radius) since the mesh never changes during a run; the cache
 * does not change results, only avoids rebuilding the lists every window.
 */
import type { Topology } from '@tasmoe/schemas';
import { memoPerTopology } from './topology-memo.js';

export const neighbourhoods: (topology: Topology, radius: number) => readonly Int32Array[] = memoPerTopology(
  (topology, radius) => {
    const built: Int32Array[] = [];
    for (let c = 0; c < topology.coreCount; c++) built.push(Int32Array.from(topology.neighbours(c, radius)));
    return built;
  },
);
