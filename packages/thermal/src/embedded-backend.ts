/**
 * The "embedded" thermal back end (SPEC section 5): the in-process grid solver
 * behind the ThermalBackend contract of @tasmoe/schemas.
 */
import type { ThermalBackend, ThermalSnapshot, ThermalStackLayout } from '@tasmoe/schemas';
import { ThermalError } from './errors.js';
import type { GridModel } from './solver/grid-model.js';
import { SparseGather } from './solver/sparse-gather.js';
import { ThermalSimulator, type ThermalSimulatorOptions } from './solver/thermal-simulator.js';

export interface EmbeddedBackendOptions extends ThermalSimulatorOptions {
  /**
   * Grid layer of each layout layer, by layout layer name: a grid layer
   * index or name. Layout layers not listed are matched to the grid layer of
   * the same name.
   */
  readonly layerMap?: Readonly<Record<string, number | string>>;
  /** Initial uniform temperature, kelvin (default: the model's ambient). */
  readonly initialTemperatureK?: number;
  /**
   * Reuse the snapshot arrays from call to call (each snapshot is then valid
   * until the next steady/step/snapshot call). Default false: fresh arrays the
   * caller may keep. Saves an 8,256-value allocation per window in the loop.
   */
  readonly reuseSnapshotArrays?: boolean;
  /**
   * Block temperatures finer than the grid (sub-cell-banks.ts): told each step's block powers,
   * it corrects the block means and layer peaks of every snapshot.
   */
  readonly blockCorrection?: BlockTemperatureCorrection;
}

export interface BlockTemperatureCorrection {
  /** `exact`: a steady state (no previous map to lean on). */
  setPower(powerW: Float64Array, exact?: boolean): void;
  apply(blockTempsK: Float64Array, layerPeakK: Float64Array): void;
}

export class EmbeddedThermalBackend implements ThermalBackend {
  readonly name = 'embedded';
  /** Plain JavaScript state (the sub-cell correction copies itself): a deep copy is an independent back end. */
  readonly forkable = true;
  readonly layout: ThermalStackLayout;
  readonly blockTwins: Int32Array;
  readonly model: GridModel;
  readonly simulator: ThermalSimulator;
  /** Grid layer index of each layout layer. */
  readonly gridLayers: readonly number[];
  private readonly distinctGridLayers: readonly number[];
  private readonly M: number;
  private readonly cellPower: Float64Array;
  private readonly cells: Float64Array;
  /** Cell temperatures -> block means (mean of each block's cells). */
  private readonly blockMeans: SparseGather;
  /** Block powers -> cell powers (every cell some block covers; the others stay 0). */
  private readonly cellPowers: SparseGather;
  /** Blocks whose power reaches no cell (checked apart from the scatter). */
  private readonly unreadBlocks: Int32Array;
  private disposed = false;
  private readonly correction: BlockTemperatureCorrection | undefined;
  private readonly reuse:
    | { readonly blockTempsK: Float64Array; readonly layerPeakK: Float64Array; readonly layerMeanK: Float64Array }
    | undefined;

  constructor(model: GridModel, layout: ThermalStackLayout, options: EmbeddedBackendOptions = {}) {
    this.model = model;
    this.layout = layout;
    this.simulator = new ThermalSimulator(model, options);
    const M = (this.M = model.rows * model.cols);
    const byName = new Map(model.layers.map((l, i) => [l.name, i] as const));
    this.gridLayers = layout.layers.map((ll) => {
      const want = options.layerMap?.[ll.name] ?? ll.name;
      const gi = typeof want === 'number' ? want : byName.get(want);
      if (gi === undefined || model.layers[gi] === undefined) {
        throw new ThermalError(
          'THERMAL_MODEL',
          `layout layer ${ll.name} has no grid layer (grid layers: ${model.layers.map((l) => l.name).join(', ')})`,
        );
      }
      return gi;
    });
    this.distinctGridLayers = [...new Set(this.gridLayers)];
    const total = layout.layers.reduce((s, l) => s + l.blocks.length, 0);
    if (total !== layout.blockCount)
      throw new ThermalError(
        'THERMAL_MODEL',
        `layout.blockCount is ${layout.blockCount}, its layers list ${total} blocks`,
      );
    const start: number[] = [0],
      cell: number[] = [],
      frac: number[] = [];
    layout.layers.forEach((ll, li) => {
      const gi = this.gridLayers[li] as number;
      const gl = model.layers[gi];
      if (gl === undefined) return;
      const index = new Map(gl.floorplan.blocks.map((b, i) => [b.name, i] as const));
      for (const bn of ll.blocks) {
        const bi = index.get(bn);
        if (bi === undefined)
          throw new ThermalError(
            'THERMAL_MODEL',
            `block ${bn} of layout layer ${ll.name} is not in grid layer ${gl.name}'s floorplan`,
          );
        const s = gl.map.start[bi] as number,
          e = gl.map.start[bi + 1] as number;
        for (let k = s; k < e; k++) {
          cell.push(gi * M + (gl.map.cells[k] as number));
          // a block inside one cell puts all its power there: 1 exactly, not an area ratio 1 +- 1e-15
          // (keeps energy exact and lets the scatter skip the weights, SparseGather)
          frac.push(e - s === 1 ? 1 : (gl.map.blockFraction[k] as number));
        }
        start.push(cell.length);
      }
    });
    this.blockMeans = new SparseGather(
      Array.from({ length: total }, (_, b) => b),
      Array.from({ length: total }, (_, b) => {
        const s = start[b] as number,
          e = start[b + 1] as number;
        return cell.slice(s, e).map((c) => [c, 1 / (e - s)] as const);
      }),
    );
    this.blockTwins = sameCellBlocks(start, cell);
    // transpose the block -> cell map (power fractions) into cell -> blocks
    const byCell = new Map<number, { b: number; f: number }[]>();
    for (let b = 0; b < total; b++) {
      for (let k = start[b] as number; k < (start[b + 1] as number); k++) {
        const c = cell[k] as number;
        let list = byCell.get(c);
        if (list === undefined) byCell.set(c, (list = []));
        list.push({ b, f: frac[k] as number });
      }
    }
    const targets = [...byCell.keys()].sort((a, b) => a - b);
    this.cellPowers = new SparseGather(
      targets,
      targets.map((c) => (byCell.get(c) ?? []).map(({ b, f }) => [b, f] as const)),
    );
    this.unreadBlocks = this.cellPowers.unreadColumns(total);
    this.cellPower = new Float64Array(model.layers.length * M);
    this.cells = new Float64Array(model.layers.length * M);
    this.simulator.setUniform(options.initialTemperatureK ?? model.ambientK);
    this.correction = options.blockCorrection;
    // until a power map is seen, a uniform state needs no correction
    this.correction?.setPower(new Float64Array(layout.blockCount));
    const nl = layout.layers.length;
    this.reuse =
      options.reuseSnapshotArrays === true
        ? {
            blockTempsK: new Float64Array(layout.blockCount),
            layerPeakK: new Float64Array(nl),
            layerMeanK: new Float64Array(nl),
          }
        : undefined;
  }

  /**
   * Validates the block powers (finite, >= 0: typed error otherwise) and scatters them to
   * the cells. The check rides along the scatter's loads (SparseGather.applyNonNegative);
   * only blocks no cell reads (none in a well-formed layout) get a separate look.
   */
  private checkPower(powerW: Float64Array): void {
    if (this.disposed) throw new ThermalError('THERMAL_INPUT', 'backend was disposed');
    if (powerW.length !== this.layout.blockCount) {
      throw new ThermalError('THERMAL_INPUT', `expected ${this.layout.blockCount} block powers, got ${powerW.length}`);
    }
    let ok = this.cellPowers.applyNonNegative(powerW, this.cellPower);
    const un = this.unreadBlocks;
    for (let k = 0; k < un.length; k++) {
      const p = powerW[un[k] as number] as number;
      if (!(p >= 0 && p < Infinity)) ok = false;
    }
    if (ok) return;
    for (let i = 0; i < powerW.length; i++) {
      const p = powerW[i] as number;
      if (!(p >= 0 && p < Infinity))
        throw new ThermalError(
          'THERMAL_INPUT',
          `block power ${i} must be a finite non-negative number of watts, got ${p}`,
        );
    }
    // every block valid, only the cell sums overflowed: let the simulator report it
    this.cellPowers.apply(powerW, this.cellPower);
  }

  steady(powerW: Float64Array): ThermalSnapshot {
    this.checkPower(powerW);
    this.correction?.setPower(powerW, true);
    this.simulator.steady(this.cellPower);
    return this.snapshot();
  }

  reset(temperatureK: number): void {
    this.simulator.setUniform(temperatureK);
  }

  step(powerW: Float64Array, dtS: number): ThermalSnapshot {
    this.checkPower(powerW);
    this.correction?.setPower(powerW);
    this.simulator.step(this.cellPower, dtS);
    return this.snapshot();
  }

  /** Current state (block means, per-layer cell peak and mean); fresh arrays unless reuseSnapshotArrays. */
  snapshot(): ThermalSnapshot {
    const M = this.M,
      amb = this.model.ambientK,
      sim = this.simulator;
    // rises above ambient; the ambient is added to the 8,256 block means and the per-layer figures only
    const cells = sim.cellRises(this.cells, this.distinctGridLayers);
    const nl = this.layout.layers.length;
    const r = this.reuse;
    const blockTempsK = r?.blockTempsK ?? new Float64Array(this.layout.blockCount);
    const layerPeakK = r?.layerPeakK ?? new Float64Array(nl),
      layerMeanK = r?.layerMeanK ?? new Float64Array(nl);
    this.blockMeans.apply(cells, blockTempsK, amb);
    for (let li = 0; li < nl; li++) {
      const gi = this.gridLayers[li] as number;
      layerPeakK[li] = maxOf(cells, gi * M, gi * M + M) + amb;
      layerMeanK[li] = sim.layerMeanRise(gi) + amb;
    }
    this.correction?.apply(blockTempsK, layerPeakK);
    return { blockTempsK, layerPeakK, layerMeanK, timeS: sim.timeS };
  }

  dispose(): void {
    this.disposed = true;
  }
}

/** Largest of x[from .. to) (-Infinity if empty): a long loop in a function of its own (V8). */
function maxOf(x: Float64Array, from: number, to: number): number {
  let mx = -Infinity;
  for (let k = from; k < to; k++) {
    const t = x[k] as number;
    if (t > mx) mx = t;
  }
  return mx;
}

/**
 * For each block, the lowest block that averages the very same cells in the same order (its
 * mean then comes out of blockMeans bit for bit equal: one bucket, the same weights 1/n).
 */
function sameCellBlocks(start: readonly number[], cell: readonly number[]): Int32Array {
  const blocks = start.length - 1;
  const twins = new Int32Array(blocks);
  const first = new Map<string, number>();
  for (let b = 0; b < blocks; b++) {
    const key = cell.slice(start[b] as number, start[b + 1] as number).join(',');
    const seen = first.get(key);
    if (seen === undefined) first.set(key, b);
    twins[b] = seen ?? b;
  }
  return twins;
}
