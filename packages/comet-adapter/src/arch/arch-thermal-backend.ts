/**
 * One factory for the project's thermal back ends, chosen by name
 * (`arch.thermal.backend`) from a registry: "embedded" (the in-process grid
 * solver) and "hotspot-file" (an external HotSpot-compatible binary, file
 * mode). Both speak in the project's block layout (archThermalLayout).
 */
import type { ThermalBackend } from '@tasmoe/schemas';
import { EmbeddedThermalBackend } from '../embedded-backend.js';
import { CometAdapterError } from '../errors.js';
import { HotspotFileBackend, type HotspotFileBackendOptions } from '../file-mode/hotspot-file-backend.js';
import { buildGridModel } from '../thermal/grid-model.js';
import { archThermalLayout, stackFromArch, type ArchStackOptions, type ThermalArch } from './arch-stack.js';

/**
 * Transient settings of the embedded back end in the experiment loop. The
 * defaults trade a documented accuracy for speed (docs/model.md "Thermal loop
 * speed"): DRAM tiers as composite layers, 4 rational stages, the package edge
 * coupling exact in the first stage only.
 */
export const LOOP_SOLVER_DEFAULTS = { tiers: 'composite', stages: 4, coupledStages: 1 } as const;

export interface ArchThermalBackendOptions extends ArchStackOptions {
  /** Grid [rows, cols]; default `arch.thermal.grid`. */
  readonly grid?: readonly [number, number];
  /** Embedded: solves per transient step (2..6; default LOOP_SOLVER_DEFAULTS.stages). */
  readonly stages?: 2 | 3 | 4 | 5 | 6;
  /** Embedded: leading stages with the exact package edge coupling (default LOOP_SOLVER_DEFAULTS.coupledStages). */
  readonly coupledStages?: number;
  /** Embedded: reuse the snapshot arrays (each valid until the next call; see EmbeddedBackendOptions). */
  readonly reuseSnapshotArrays?: boolean;
  /** File mode settings (binary override, temp folder, log, option preset, ...). */
  readonly hotspot?: HotspotFileBackendOptions;
  /** Replaces the built-in registry (tests, extra back ends). */
  readonly registry?: ReadonlyMap<string, ThermalBackendFactory>;
}

export type ThermalBackendFactory = (arch: ThermalArch, opts: ArchThermalBackendOptions) => ThermalBackend;

function gridOf(arch: ThermalArch, opts: ArchThermalBackendOptions): { rows: number; cols: number } {
  const [rows, cols] = opts.grid ?? arch.thermal.grid;
  return { rows, cols };
}

/** The embedded back end on the arch's stack (composite tiers unless `opts.tiers` says otherwise). */
export function createEmbeddedArchBackend(arch: ThermalArch, opts: ArchThermalBackendOptions = {}): EmbeddedThermalBackend {
  const stack = stackFromArch(arch, { ...opts, tiers: opts.tiers ?? LOOP_SOLVER_DEFAULTS.tiers });
  const model = buildGridModel(stack, gridOf(arch, opts));
  return new EmbeddedThermalBackend(model, archThermalLayout(arch), {
    stages: opts.stages ?? LOOP_SOLVER_DEFAULTS.stages,
    coupledStages: opts.coupledStages ?? LOOP_SOLVER_DEFAULTS.coupledStages,
    reuseSnapshotArrays: opts.reuseSnapshotArrays ?? false,
  });
}

/** The file-mode back end (HotSpot's formats cannot express composite layers: always "layers"). */
export function createHotspotFileArchBackend(arch: ThermalArch, opts: ArchThermalBackendOptions = {}): HotspotFileBackend {
  const { rows, cols } = gridOf(arch, opts);
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
    throw new CometAdapterError('THERMAL_BACKEND_UNKNOWN', `no thermal back end named ${JSON.stringify(name)} (known: ${[...registry.keys()].join(', ')})`);
  }
  return factory(arch, opts);
}
