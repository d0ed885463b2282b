/**
 * A stable hash of everything an arch config's thermal model depends on
 * (mesh, DRAM banks, geometry, thermal solver settings except the back-end
 * choice and file-mode options) plus solver options: the cache key of H.
 */
import { createHash } from 'node:crypto';
import type { ThermalArch } from './arch-stack.js';

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

/** Hex SHA-256 of the thermal part of `arch` and `extra` (e.g. grid and tier options). */
export function archThermalHash(arch: ThermalArch, extra: unknown = {}): string {
  const { backend: _backend, hotspot: _hotspot, initial: _initial, ...thermal } = arch.thermal;
  const key = {
    mesh: { cores: arch.mesh.cores },
    dram: { banks: arch.dram.banks },
    geometry: arch.geometry,
    thermal,
    extra,
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(key)))
    .digest('hex');
}
