/**
 * The embedded back end (the in-process grid solver) on the project's stack,
 * in the project's block layout (archThermalLayout).
 */
import { EmbeddedThermalBackend } from '../embedded-backend.js';
import { buildGridModel } from '../solver/grid-model.js';
import type { StackDescription } from '../solver/stack.js';
import { archThermalLayout, stackFromArch, type ArchStackOptions, type ThermalArch } from './arch-stack.js';
import { archThermalHash } from './arch-hash.js';
import {
  buildSubCellBankKernel,
  SubCellBankCorrection,
  type SubCellBankKernel,
  type SubCellBankOptions,
} from './sub-cell-banks.js';

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
  /**
   * Bank temperatures at bank resolution when the grid is coarser than the banks
   * (sub-cell-banks.ts); default `arch.thermal.sub_cell_banks`. Options tune the kernel.
   */
  readonly subCellBanks?: boolean | SubCellBankOptions;
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
  const grid = archGrid(arch, opts.grid);
  const model = buildGridModel(stack, grid);
  const layout = archThermalLayout(arch);
  const sub = opts.subCellBanks ?? arch.thermal.sub_cell_banks;
  const kernel = sub === false ? undefined : subCellKernel(arch, stack, grid, opts, sub === true ? {} : sub);
  const correction = kernel === undefined ? undefined : new SubCellBankCorrection(kernel, layout);
  return new EmbeddedThermalBackend(model, layout, {
    ...(correction !== undefined ? { blockCorrection: correction } : {}),
    stages: opts.stages ?? LOOP_SOLVER_DEFAULTS.stages,
    coupledStages: opts.coupledStages ?? LOOP_SOLVER_DEFAULTS.coupledStages,
    reuseSnapshotArrays: opts.reuseSnapshotArrays ?? false,
    ...(opts.integrator !== undefined ? { integrator: opts.integrator } : {}),
  });
}

/** Kernels by arch, grid and options: every back end of a run (scenarios, restarts) shares one. */
const kernels = new Map<string, SubCellBankKernel | undefined>();

function subCellKernel(
  arch: ThermalArch,
  stack: StackDescription,
  grid: { rows: number; cols: number },
  opts: EmbeddedArchBackendOptions,
  sub: SubCellBankOptions,
): SubCellBankKernel | undefined {
  const {
    subCellBanks: _s,
    grid: _g,
    reuseSnapshotArrays: _r,
    stages: _st,
    coupledStages: _c,
    integrator: _i,
    ...stackOpts
  } = opts;
  const key = archThermalHash(arch, { grid, stackOpts, sub });
  if (!kernels.has(key)) kernels.set(key, buildSubCellBankKernel(stack, { banks: arch.dram.banks, grid }, sub));
  return kernels.get(key);
}
