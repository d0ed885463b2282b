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
  // per layout block: grid cells (absolute node index), for block means
  private readonly bStart: Int32Array;
  private readonly bCell: Int32Array;
  /** Per block: its only cell when it covers exactly one, else -1 (fast path of the block means). */
  private readonly bSingle: Int32Array;
  // power mapping in gather form: cell pCell[t] receives sum over pStart[t]..pStart[t+1] of power[pBlock] * pFrac
  private readonly pCell: Int32Array;
  private readonly pStart: Int32Array;
  private readonly pBlock: Int32Array;
  private readonly pFrac: Float64Array;
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
    this.bSingle = Int32Array.from({ length: total }, (_, b) => ((start[b + 1] as number) - (start[b] as number) === 1 ? (cell[start[b] as number] as number) : -1));
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
    this.pCell = Int32Array.from(targets);
    this.pStart = new Int32Array(targets.length + 1);
    const pb: number[] = [], pf: number[] = [];
    targets.forEach((c, t) => {
      for (const { b, f } of byCell.get(c) ?? []) {
        pb.push(b);
        pf.push(f);
      }
      this.pStart[t + 1] = pb.length;
    });
    this.pBlock = Int32Array.from(pb);
    this.pFrac = Float64Array.from(pf);
    this.cellPower = new Float64Array(model.layers.length * M);
    this.cells = new Float64Array(model.layers.length * M);
    this.simulator.setUniform(options.initialTemperatureK ?? model.ambientK);
  }

  private checkPower(powerW: Float64Array): void {
    if (this.disposed) throw new CometAdapterError('THERMAL_INPUT', 'backend was disposed');
    if (powerW.length !== this.layout.blockCount) {
      throw new CometAdapterError('THERMAL_INPUT', `expected ${this.layout.blockCount} block powers, got ${powerW.length}`);
    }
    // gather form: every receiving cell is written (cells no block covers stay 0); every block
    // reaches at least one cell, so checking the values read (sign) and the sums (finite) checks every block
    const cp = this.cellPower;
    const { pCell, pStart, pBlock, pFrac } = this;
    let ok = true;
    for (let t = 0, k = 0; t < pCell.length; t++) {
      let sum = 0;
      for (const e = pStart[t + 1] as number; k < e; k++) {
        const v = powerW[pBlock[k] as number] as number;
        if (!(v >= 0)) ok = false;
        sum += v * (pFrac[k] as number);
      }
      if (!(sum < Infinity)) ok = false;
      cp[pCell[t] as number] = sum;
    }
    if (!ok) {
      for (let i = 0; i < powerW.length; i++) {
        const p = powerW[i] as number;
        if (!(p >= 0 && p < Infinity)) throw new CometAdapterError('THERMAL_INPUT', `block power ${i} must be a finite non-negative number of watts, got ${p}`);
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
    const { bStart, bCell, bSingle } = this;
    for (let b = 0; b < blockTempsK.length; b++) {
      const one = bSingle[b] as number;
      if (one >= 0) {
        blockTempsK[b] = cells[one] as number;
        continue;
      }
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
