/**
 * Block <-> grid-cell maps of one layer (pure). Cell (i, j) covers
 * x in [j cw, (j+1) cw), y in [H - (i+1) ch, H - i ch): row 0 is the north edge.
 */
import { ThermalError } from '../errors.js';
import type { PlacedFloorplan } from '../hotspot/flp.js';

/** How a block temperature is derived from its cells (HotSpot `-grid_map_mode`). */
export type GridMapMode = 'avg' | 'min' | 'max' | 'center';

export interface BlockGridMap {
  readonly blockCount: number;
  /** CSR over blocks: cells overlapped by block b are `cells[start[b] .. start[b+1])`. */
  readonly start: Int32Array;
  readonly cells: Int32Array;
  /** Fraction of the block's area inside each listed cell (sums to 1 per block). */
  readonly blockFraction: Float64Array;
  /** Fraction of each listed cell covered by the block (the "occupancy"). */
  readonly cellOccupancy: Float64Array;
  /** Cell containing the block centre (for `center` mode). */
  readonly centerCell: Int32Array;
}

const EPS = 1e-9;

export function buildBlockGridMap(
  fp: PlacedFloorplan,
  rows: number,
  cols: number,
  widthM: number,
  heightM: number,
): BlockGridMap {
  const cw = widthM / cols;
  const ch = heightM / rows;
  const nb = fp.blocks.length;
  const start = new Int32Array(nb + 1);
  const cells: number[] = [];
  const frac: number[] = [];
  const occ: number[] = [];
  const center = new Int32Array(nb);
  const clampI = (v: number, n: number): number => Math.min(n, Math.max(0, v));
  fp.blocks.forEach((b, bi) => {
    start[bi] = cells.length;
    const x0 = b.leftM,
      x1 = b.leftM + b.widthM;
    const yTop = heightM - (b.bottomM + b.heightM); // distance of the block's north edge from the die's north edge
    const yBot = heightM - b.bottomM;
    const j0 = clampI(Math.floor(x0 / cw + EPS), cols),
      j1 = clampI(Math.ceil(x1 / cw - EPS), cols);
    const i0 = clampI(Math.floor(yTop / ch + EPS), rows),
      i1 = clampI(Math.ceil(yBot / ch - EPS), rows);
    const area = b.widthM * b.heightM;
    for (let i = i0; i < i1; i++) {
      const oy = Math.min(yBot, (i + 1) * ch) - Math.max(yTop, i * ch);
      for (let j = j0; j < j1; j++) {
        const ox = Math.min(x1, (j + 1) * cw) - Math.max(x0, j * cw);
        const a = Math.max(0, ox) * Math.max(0, oy);
        cells.push(i * cols + j);
        frac.push(a / area);
        occ.push(a / (cw * ch));
      }
    }
    if (cells.length === start[bi]) {
      throw new ThermalError('THERMAL_MODEL', `block ${b.name} covers no grid cell (outside the die?)`);
    }
    const ci = clampI(Math.floor((heightM - (b.bottomM + b.heightM / 2)) / ch), rows - 1);
    const cj = clampI(Math.floor((b.leftM + b.widthM / 2) / cw), cols - 1);
    center[bi] = ci * cols + cj;
  });
  start[nb] = cells.length;
  return {
    blockCount: nb,
    start,
    cells: Int32Array.from(cells),
    blockFraction: Float64Array.from(frac),
    cellOccupancy: Float64Array.from(occ),
    centerCell: center,
  };
}

/** Adds block powers (W) into cell powers (W): P_cell += P_block * (overlap / block area). */
export function spreadBlockPower(
  map: BlockGridMap,
  blockPowerW: ArrayLike<number>,
  blockOffset: number,
  cellPowerW: Float64Array,
  cellOffset: number,
): void {
  const { start, cells, blockFraction } = map;
  for (let b = 0; b < map.blockCount; b++) {
    const p = blockPowerW[blockOffset + b] ?? 0;
    if (p === 0) continue;
    for (let k = start[b] ?? 0, e = start[b + 1] ?? 0; k < e; k++) {
      const c = (cells[k] ?? 0) + cellOffset;
      cellPowerW[c] = (cellPowerW[c] ?? 0) + p * (blockFraction[k] ?? 0);
    }
  }
}

/** Block temperatures from cell temperatures of one layer (`cellOffset` = layer start). */
export function blockTemperatures(
  map: BlockGridMap,
  mode: GridMapMode,
  cellK: ArrayLike<number>,
  cellOffset: number,
  out: Float64Array,
  outOffset: number,
): void {
  const { start, cells } = map;
  for (let b = 0; b < map.blockCount; b++) {
    const s = start[b] ?? 0,
      e = start[b + 1] ?? 0;
    let v: number;
    if (mode === 'center') {
      v = cellK[cellOffset + (map.centerCell[b] ?? 0)] ?? NaN;
    } else if (mode === 'avg') {
      let sum = 0;
      for (let k = s; k < e; k++) sum += cellK[cellOffset + (cells[k] ?? 0)] ?? 0;
      v = sum / (e - s);
    } else {
      v = mode === 'min' ? Infinity : -Infinity;
      for (let k = s; k < e; k++) {
        const t = cellK[cellOffset + (cells[k] ?? 0)] ?? NaN;
        v = mode === 'min' ? Math.min(v, t) : Math.max(v, t);
      }
    }
    out[outOffset + b] = v;
  }
}

/**
 * Cell temperatures from block temperatures (init-file semantics): each cell
 * gets the occupancy-weighted block temperature; cells only partly covered are
 * normalised by their covered fraction, uncovered cells keep `fallbackK`.
 */
export function cellsFromBlocks(
  map: BlockGridMap,
  blockK: ArrayLike<number>,
  cellCount: number,
  fallbackK: number,
  out: Float64Array,
  outOffset: number,
): void {
  const acc = new Float64Array(cellCount);
  const cov = new Float64Array(cellCount);
  const { start, cells, cellOccupancy } = map;
  for (let b = 0; b < map.blockCount; b++) {
    const t = blockK[b] ?? NaN;
    for (let k = start[b] ?? 0, e = start[b + 1] ?? 0; k < e; k++) {
      const c = cells[k] ?? 0;
      const o = cellOccupancy[k] ?? 0;
      acc[c] = (acc[c] ?? 0) + o * t;
      cov[c] = (cov[c] ?? 0) + o;
    }
  }
  for (let c = 0; c < cellCount; c++) {
    const w = cov[c] ?? 0;
    out[outOffset + c] = w > 0 ? (acc[c] ?? 0) / w : fallbackK;
  }
}
