/**
 * The "embedded" thermal back end (SPEC section 5): the in-process grid solver
 * behind the ThermalBackend contract of @tasmoe/schemas.
 */
import type { ThermalBackend, ThermalSnapshot, ThermalStackLayout } from '@tasmoe/schemas';
import { CometAdapterError } from './errors.js';
import type { GridModel } from './thermal/grid-model.js';
import { ThermalSimulator, type ThermalSimulatorOptions } from './thermal/thermal-simulator.js';

export interface EmbeddedBackendOptions extends ThermalSimulatorOptions {
  /**
   * Grid layer of each layout layer, by layout layer name: a grid layer
   * index or name. Layout layers not listed are matched to the grid layer of
   * the same name.
   */
  readonly layerMap?: Readonly<Record<string, number | string>>;
  /** Initial uniform temperature, kelvin (default: the model's ambient). */
  readonly initialTemperatureK?: number;
}

export class EmbeddedThermalBackend implements ThermalBackend {
  readonly name = 'embedded';
  readonly layout: ThermalStackLayout;
  readonly model: GridModel;
  readonly simulator: ThermalSimulator;
  /** Grid layer index of each layout layer. */
  readonly gridLayers: readonly number[];
  private readonly distinctGridLayers: readonly number[];
  private readonly M: number;
  private readonly cellPower: Float64Array;
  private readonly cells: Float64Array;
  // per layout block: grid cells (absolute node index) and power fraction / averaging
  private readonly bStart: Int32Array;
  private readonly bCell: Int32Array;
  private readonly bFrac: Float64Array;
  private disposed = false;

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
        throw new CometAdapterError('THERMAL_MODEL', `layout layer ${ll.name} has no grid layer (grid layers: ${model.layers.map((l) => l.name).join(', ')})`);
      }
      return gi;
    });
    this.distinctGridLayers = [...new Set(this.gridLayers)];
    const total = layout.layers.reduce((s, l) => s + l.blocks.length, 0);
    if (total !== layout.blockCount) throw new CometAdapterError('THERMAL_MODEL', `layout.blockCount is ${layout.blockCount}, its layers list ${total} blocks`);
    const start: number[] = [0], cell: number[] = [], frac: number[] = [];
    layout.layers.forEach((ll, li) => {
      const gi = this.gridLayers[li] as number;
      const gl = model.layers[gi];
      if (gl === undefined) return;
      const index = new Map(gl.floorplan.blocks.map((b, i) => [b.name, i] as const));
      for (const bn of ll.blocks) {
        const bi = index.get(bn);
        if (bi === undefined) throw new CometAdapterError('THERMAL_MODEL', `block ${bn} of layout layer ${ll.name} is not in grid layer ${gl.name}'s floorplan`);
        const s = gl.map.start[bi] as number, e = gl.map.start[bi + 1] as number;
        for (let k = s; k < e; k++) {
          cell.push(gi * M + (gl.map.cells[k] as number));
          frac.push(gl.map.blockFraction[k] as number);
        }
        start.push(cell.length);
      }
    });
    this.bStart = Int32Array.from(start);
    this.bCell = Int32Array.from(cell);
    this.bFrac = Float64Array.from(frac);
    this.cellPower = new Float64Array(model.layers.length * M);
    this.cells = new Float64Array(model.layers.length * M);
    this.simulator.setUniform(options.initialTemperatureK ?? model.ambientK);
  }

  private checkPower(powerW: Float64Array): void {
    if (this.disposed) throw new CometAdapterError('THERMAL_INPUT', 'backend was disposed');
    if (powerW.length !== this.layout.blockCount) {
      throw new CometAdapterError('THERMAL_INPUT', `expected ${this.layout.blockCount} block powers, got ${powerW.length}`);
    }
    for (let i = 0; i < powerW.length; i++) {
      const p = powerW[i] as number;
      if (!(p >= 0) || !Number.isFinite(p)) throw new CometAdapterError('THERMAL_INPUT', `block power ${i} must be a finite non-negative number of watts, got ${p}`);
    }
    const cp = this.cellPower;
    cp.fill(0);
    const { bStart, bCell, bFrac } = this;
    for (let b = 0; b < powerW.length; b++) {
      const p = powerW[b] as number;
      if (p === 0) continue;
      for (let k = bStart[b] as number, e = bStart[b + 1] as number; k < e; k++) {
        const c = bCell[k] as number;
        cp[c] = (cp[c] as number) + p * (bFrac[k] as number);
      }
    }
  }

  steady(powerW: Float64Array): ThermalSnapshot {
    this.checkPower(powerW);
    this.simulator.steady(this.cellPower);
    return this.snapshot();
  }

  reset(temperatureK: number): void {
    this.simulator.setUniform(temperatureK);
  }

  step(powerW: Float64Array, dtS: number): ThermalSnapshot {
    this.checkPower(powerW);
    this.simulator.step(this.cellPower, dtS);
    return this.snapshot();
  }

  /** Current state (block means, per-layer cell peak and mean), fresh arrays. */
  snapshot(): ThermalSnapshot {
    const M = this.M;
    const cells = this.simulator.cellTemperatures(this.cells, this.distinctGridLayers);
    const blockTempsK = new Float64Array(this.layout.blockCount);
    const { bStart, bCell } = this;
    for (let b = 0; b < blockTempsK.length; b++) {
      const s = bStart[b] as number, e = bStart[b + 1] as number;
      let sum = 0;
      for (let k = s; k < e; k++) sum += cells[bCell[k] as number] as number;
      blockTempsK[b] = sum / (e - s);
    }
    const nl = this.layout.layers.length;
    const layerPeakK = new Float64Array(nl), layerMeanK = new Float64Array(nl);
    this.gridLayers.forEach((gi, li) => {
      let mx = -Infinity, sum = 0;
      for (let k = gi * M, e = k + M; k < e; k++) {
        const t = cells[k] as number;
        if (t > mx) mx = t;
        sum += t;
      }
      layerPeakK[li] = mx;
      layerMeanK[li] = sum / M;
    });
    return { blockTempsK, layerPeakK, layerMeanK, timeS: this.simulator.timeS };
  }

  dispose(): void {
    this.disposed = true;
  }
}
