/**
 * A table built from (topology, a number) kept for as long as the topology lives: the mesh never
 * changes during a run, so such tables are built once, not every window. The memo does not change
 * results.
 */
import type { Topology } from '@tasmoe/schemas';

export function memoPerTopology<T>(build: (topology: Topology, n: number) => T): (topology: Topology, n: number) => T {
  const cache = new WeakMap<Topology, Map<number, T>>();
  return (topology, n) => {
    let byN = cache.get(topology);
    if (byN === undefined) {
      byN = new Map();
      cache.set(topology, byN);
    }
    let t = byN.get(n);
    if (t === undefined) {
      t = build(topology, n);
      byN.set(n, t);
    }
    return t;
  };
}
