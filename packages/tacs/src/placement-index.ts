/**
 * Placement compiled to typed arrays (expert -> cores) once per placement object,
 * so the per-window step never parses expert ids.
 */
import { decodeExpertId, type Placement } from '@tasmoe/schemas';

export interface PlacementIndex {
  /** 1 + the largest expert number in the placement. */
  readonly expertCount: number;
  /** Cores of expert e are cores[offset[e] .. offset[e + 1]). */
  readonly offset: Int32Array;
  readonly cores: Int32Array;
}

const cache = new WeakMap<Placement, PlacementIndex>();

export function placementIndex(placement: Placement): PlacementIndex {
  const hit = cache.get(placement);
  if (hit !== undefined) return hit;
  const entries = Object.entries(placement.experts).map(([id, p]) => [decodeExpertId(id), p.cores] as const);
  let expertCount = 0;
  for (const [e] of entries) expertCount = Math.max(expertCount, e + 1);
  const counts = new Int32Array(expertCount + 1);
  for (const [e, cores] of entries) counts[e + 1] = cores.length;
  const offset = new Int32Array(expertCount + 1);
  for (let e = 0; e < expertCount; e++) offset[e + 1] = (offset[e] ?? 0) + (counts[e + 1] ?? 0);
  const cores = new Int32Array(offset[expertCount] ?? 0);
  for (const [e, list] of entries) cores.set(list, offset[e] ?? 0);
  const index: PlacementIndex = { expertCount, offset, cores };
  cache.set(placement, index);
  return index;
}

export function isPlacementHost(index: PlacementIndex, expert: number, core: number): boolean {
  if (expert < 0 || expert >= index.expertCount) return false;
  const end = index.offset[expert + 1] ?? 0;
  for (let i = index.offset[expert] ?? 0; i < end; i++) if (index.cores[i] === core) return true;
  return false;
}

export function placementCores(index: PlacementIndex, expert: number): Int32Array {
  if (expert < 0 || expert >= index.expertCount) return new Int32Array(0);
  return index.cores.subarray(index.offset[expert] ?? 0, index.offset[expert + 1] ?? 0);
}
