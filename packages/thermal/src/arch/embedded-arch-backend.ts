/**
 * The embedded back end (the in-process grid solver) on the project's stack,
 * in the project's block layout (archThermalLayout).
 */
import { EmbeddedThermalBackend } from '../embedded-backend.js';
import { buildGridModel } from '../solver/grid-model.js';
import { archThermalLayout, stackFromArch, type ArchStackOptions, type ThermalArch } from './arch-stack.js';

/**
 * Transient settings of the embedded back end in the experiment loop. The
 * defaults trade a documented accuracy for speed (docs/model.md "Thermal loop
 * speed"): DRAM tiers as composite layers, 4 rational stages, the package edge
 * coupling exact in the first stage only.
 */
export const LOOP_SOLVER_DEFAULTS = { tiers: 'composite', stages: 4, coupledStages: 1 } as const;

export interface EmbeddedArchBackendOptions extends ArchStackOptions {
  /** Grid [rows, cols]; default `arch.thermal.grid`. */
  readonly grid?: readonly [number, number];
  /** Solves per transient step (2..6; default LOOP_SOLVER_DEFAULTS.stages). */
  readonly stages?: 2 | 3 | 4 | 5 | 6;
  /** Leading stages with the exact package edge coupling (default LOOP_SOLVER_DEFAULTS.coupledStages). */
  readonly coupledStages?: number;
  /** Time integrator (ThermalSimulatorOptions.integrator); default 'rational' with the stages above. */
  readonly integrator?: 'modal' | 'rational';
  /** Reuse the snapshot arrays (each valid until the next call; see EmbeddedBackendOptions). */
  readonly reuseSnapshotArrays?: boolean;
}

/** The arch's grid, or the override. */
export function archGrid(arch: ThermalArch, grid?: readonly [number, number]): { rows: number; cols: number } {
  const [rows, cols] = grid ?? arch.thermal.grid;
  return { rows, cols };
}

/** The embedded back end on the arch's stack (composite tiers unless `opts.tiers` says otherwise). */
export function createEmbeddedArchBackend(
  arch: ThermalArch,
  opts: EmbeddedArchBackendOptions = {},
): EmbeddedThermalBackend {
  const stack = stackFromArch(arch, { ...opts, tiers: opts.tiers ?? LOOP_SOLVER_DEFAULTS.tiers });
  const model = buildGridModel(stack, archGrid(arch, opts.grid));
  return new EmbeddedThermalBackend(model, archThermalLayout(arch), {
    stages: opts.stages ?? LOOP_SOLVER_DEFAULTS.stages,
    coupledStages: opts.coupledStages ?? LOOP_SOLVER_DEFAULTS.coupledStages,
    reuseSnapshotArrays: opts.reuseSnapshotArrays ?? false,
    ...(opts.integrator !== undefined ? { integrator: opts.integrator } : {}),
  });
}
