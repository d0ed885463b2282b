/**
 * One factory for the project's thermal back ends, chosen by name
 * (`arch.thermal.backend`) from a registry: "embedded" (the in-process grid
 * solver) and "hotspot-file" (an external HotSpot-compatible binary, file
 * mode). Both speak in the project's block layout (archThermalLayout).
 */
import type { ThermalBackend } from '@tasmoe/schemas';
import {
  archGrid,
  createEmbeddedArchBackend,
  type EmbeddedArchBackendOptions,
  type ThermalArch,
} from '@tasmoe/thermal';
import { CometAdapterError } from '../errors.js';
import { HotspotFileBackend, type HotspotFileBackendOptions } from '../file-mode/hotspot-file-backend.js';

export interface ArchThermalBackendOptions extends EmbeddedArchBackendOptions {
  /** File mode settings (binary override, temp folder, log, option preset, ...). */
  readonly hotspot?: HotspotFileBackendOptions;
  /** Replaces the built-in registry (tests, extra back ends). */
  readonly registry?: ReadonlyMap<string, ThermalBackendFactory>;
}

export type ThermalBackendFactory = (arch: ThermalArch, opts: ArchThermalBackendOptions) => ThermalBackend;

/** The file-mode back end (HotSpot's formats cannot express composite layers: always "layers"). */
export function createHotspotFileArchBackend(
  arch: ThermalArch,
  opts: ArchThermalBackendOptions = {},
): HotspotFileBackend {
  const { rows, cols } = archGrid(arch, opts.grid);
  return new HotspotFileBackend(arch, { ...opts.hotspot, stack: { ...opts, tiers: 'layers' }, grid: [rows, cols] });
}

/** The built-in registry, by `arch.thermal.backend` name. */
export const THERMAL_BACKENDS: ReadonlyMap<string, ThermalBackendFactory> = new Map<string, ThermalBackendFactory>([
  ['embedded', createEmbeddedArchBackend],
  ['hotspot-file', createHotspotFileArchBackend],
]);

/** Creates the back end named by `arch.thermal.backend`. */
export function createArchThermalBackend(arch: ThermalArch, opts: ArchThermalBackendOptions = {}): ThermalBackend {
  const registry = opts.registry ?? THERMAL_BACKENDS;
  const name = arch.thermal.backend;
  const factory = registry.get(name);
  if (factory === undefined) {
    throw new CometAdapterError(
      'THERMAL_BACKEND_UNKNOWN',
      `no thermal back end named ${JSON.stringify(name)} (known: ${[...registry.keys()].join(', ')})`,
    );
  }
  return factory(arch, opts);
}
