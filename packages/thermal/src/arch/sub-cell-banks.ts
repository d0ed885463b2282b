/**
 * Bank temperatures at bank resolution on a coarser thermal grid. When a grid
 * cell holds r x r banks (the loop's 16x16 grid under 32x32 banks: 2 x 2), the
 * grid gives every bank its cell's temperature: a 0.25 W bank next to three idle
 * ones is averaged with them, and the grid's cell-sized source is itself
 * under-resolved. The model is linear, so the bank-resolution answer is the grid's
 * plus a correction that is a sum over the banks' powers:
 *
 *   T_fine(t) = T_grid(cell(t)) + sum_b p_b K_b(t),   K_b = F_fine(e_b) - F_grid(e_b)
 *
 * (F: steady response; e_b: 1 W in bank b). It is computed once on the same stack
 * at bank resolution, for a source cell at the die centre and each bank offset in
 * it (translation invariant away from the edges; an adiabatic die edge is a mirror,
 * so a source near one adds its image), and cut to a few banks: beyond the bank's
 * own peak it carries the grid's missing in-cell gradient, which reaches every die
 * and several banks. It is applied quasi-statically, the steady K to each window's
 * mean power: its near field settles well within a 3 ms window, its tail does not
 * (what remains against 64x64: docs/model.md "Sub-cell banks"). A bank position
 * powered on every die is one column source (the dies' kernels summed); the
 * window's least bank power p0 (idle banks) enters through the precomputed
 * response to a uniform map, U = sum_b K_b; the banks more than
 * `sourceThresholdW` above it are the sources. A DRAM die's layer peak is then
 * its hottest corrected bank, as at bank resolution. Each source is added through a
 * precomputed plan (sub-cell-scatter.ts: edges clipped and images folded in), in
 * WebAssembly SIMD where the runtime has it (sub-cell-simd.ts; the same bits).
 */
import { FORK_COPY, type ThermalStackLayout } from '@tasmoe/schemas';
import { ThermalError } from '../errors.js';
import { buildGridModel, type GridModel } from '../solver/grid-model.js';
import type { StackDescription } from '../solver/stack.js';
import { ThermalSimulator } from '../solver/thermal-simulator.js';
import { bankBlockName } from './arch-floorplans.js';
import { dramLayerName } from './arch-stack.js';
import {
  edgePlan,
  interiorPlan,
  scatterPlan,
  type KernelSquares,
  type ScatterGeometry,
  type ScatterPlan,
} from './sub-cell-scatter.js';
import { createScatterSimd, type ScatterSimd } from './sub-cell-simd.js';

export interface SubCellBankOptions {
  /** Kernel entries of smaller magnitude are dropped, K/W (default SUB_CELL_DEFAULTS). */
  readonly toleranceKW?: number;
  /** Kernel reach in banks, each way (default SUB_CELL_DEFAULTS). */
  readonly radiusBanks?: number;
  /** Banks within this of the window's least bank power are not sources, W (default SUB_CELL_DEFAULTS). */
  readonly sourceThresholdW?: number;
}

/** Measured trade-off of accuracy and cost: docs/model.md "Sub-cell banks". */
export const SUB_CELL_DEFAULTS = { toleranceKW: 0.01, radiusBanks: 5, sourceThresholdW: 3e-3 } as const;

export interface SubCellBankGeometry {
  /** Banks per die along x and y, and dies. */
  readonly banks: readonly [number, number, number];
  /** The thermal grid the correction sits on. */
  readonly grid: { readonly rows: number; readonly cols: number };
}

/**
 * Kernel of each (source die, offset in its cell) q on each target die t: a square of side 2r + 1
 * (K/W, row-major, centred on the source) from k[at[q dies + t]], r = reach[q dies + t] (-1: none),
 * the smallest square that holds every entry of at least the tolerance. Source dies 0..dies-1,
 * then `dies`: a column (the same power at one position on every die).
 */
type Kernel = KernelSquares;

const NO_VALUES = new Float64Array(0);

/**
 * The accumulator and, with SIMD, the memory's doubles in use: one object shared by a correction
 * and its fork copies, so that a plan one copies in is where the others look for it.
 */
interface CorrectionMemory {
  acc: Float64Array;
  top: number;
}

export class SubCellBankCorrection {
  private readonly bx: number;
  private readonly by: number;
  private readonly dies: number;
  private readonly rx: number;
  private readonly ry: number;
  /** Block index of bank (die 0, x 0, y 0); bank (d, x, y) is firstBank + (d by + y) bx + x. */
  private readonly firstBank: number;
  /** Layout layer of each DRAM die. */
  private readonly dieLayer: Int32Array;
  private readonly kernel: Kernel;
  /** Kernel reach in banks: a source this far from every edge has no image within reach. */
  private readonly radius: number;
  /** The shared plan of each source class q for positions `radius` inside the die. */
  private readonly interior: readonly ScatterPlan[];
  /** The plan of each (source class row, bank position) near an edge, built on first use. */
  private readonly edge: (ScatterPlan | undefined)[];
  private readonly geometry: ScatterGeometry;
  /**
   * The sources' correction, position-major (bank position, then die): zero between calls. With
   * SIMD it is the first part of the module's memory, the plans' values after it.
   */
  private readonly mem: CorrectionMemory;
  private readonly simd: ScatterSimd | undefined;
  /** With SIMD: each plan's first value in the memory (doubles; 0: not copied yet), interior plans then edge plans. */
  private readonly simdAt: Int32Array;
  /** With SIMD: the rectangle of each edge plan copied to the memory. */
  private readonly simdEdge: (ScatterPlan | undefined)[] = [];
  /** sum_b K_b at each bank (die-major, then y, then x): the correction for 1 W in every bank. */
  private readonly uniform: Float64Array;
  private readonly threshold: number;
  /** Sources of the last power map: bank (die-major index) and its power above `base`. */
  private readonly srcBank: Int32Array;
  private readonly srcDev: Float64Array;
  private sources = 0;
  /** Column sources: bank (x, y) (index y bx + x) and the power it has on every die above `base`. */
  private readonly colSrc: Int32Array;
  private readonly colDev: Float64Array;
  private columns = 0;
  /** Reference power of the current sources (W) and the least bank power seen last (the next reference). */
  private base = 0;
  private nextBase = 0;

  /** `simd: false` runs the JavaScript loop (the same bits; for tests). */
  constructor(data: SubCellBankKernel, layout: ThermalStackLayout, opts: { readonly simd?: boolean } = {}) {
    const { geometry, kernel, uniform, radius } = data;
    const thresholdW = data.thresholdW;
    const [bx, by, dies] = geometry.banks;
    this.bx = bx;
    this.by = by;
    this.dies = dies;
    this.rx = bx / geometry.grid.cols;
    this.ry = by / geometry.grid.rows;
    this.kernel = kernel;
    this.radius = radius;
    this.uniform = uniform;
    this.threshold = thresholdW;
    this.interior = data.interior;
    this.edge = data.edgePlans;
    this.geometry = { bx, by, dies, rx: this.rx, ry: this.ry };
    const accLength = bx * by * dies;
    // a plan row is `width x dies` doubles, even whenever `dies` is (f64x2 lanes)
    this.simd = dies % 2 === 0 && opts.simd !== false ? createScatterSimd() : undefined;
    this.simdAt = new Int32Array(this.simd === undefined ? 0 : data.interior.length + data.edgePlans.length);
    if (this.simd === undefined) this.mem = { acc: new Float64Array(accLength), top: accLength };
    else {
      const memory = this.simd.memory;
      if (accLength * 8 > memory.buffer.byteLength)
        memory.grow(Math.ceil(accLength / 8192) - memory.buffer.byteLength / 65536);
      this.mem = { acc: new Float64Array(memory.buffer, 0, accLength), top: accLength };
    }
    const dieLayer = new Int32Array(dies).fill(-1);
    layout.layers.forEach((l, li) => {
      for (let d = 0; d < dies; d++) if (l.name === dramLayerName(d)) dieLayer[d] = li;
    });
    const first0 = dieLayer[0] as number;
    let first = 0;
    for (let li = 0; li < first0; li++) first += layout.layers[li]?.blocks.length ?? 0;
    for (let d = 0; d < dies; d++) {
      const names = layout.layers[first0 + d]?.blocks;
      if (dieLayer[d] !== first0 + d || names?.length !== bx * by || names[0] !== bankBlockName(d, 0, 0))
        throw new ThermalError(
          'THERMAL_MODEL',
          `sub-cell banks: layout layer ${dramLayerName(d)} is not a ${bx}x${by} bank tiling after the dies before it`,
        );
    }
    this.firstBank = first;
    this.dieLayer = dieLayer;
    this.srcBank = new Int32Array(bx * by * dies);
    this.srcDev = new Float64Array(bx * by * dies);
    this.colSrc = new Int32Array(bx * by);
    this.colDev = new Float64Array(bx * by);
  }

  /**
   * Takes the sources from block powers (layout order): the banks more than the threshold away
   * from the reference power `base`, the least bank power of the previous map (any reference is
   * exact, p = base + (p - base); the least one makes the idle banks no sources). One pass;
   * `leastAsBase` (a steady state, where the previous map says nothing) takes this map's least.
   */
  setPower(powerW: Float64Array, leastAsBase = false): void {
    const first = this.firstBank;
    const n = this.bx * this.by * this.dies;
    let base = this.nextBase;
    if (leastAsBase) {
      base = Infinity;
      for (let b = first; b < first + n; b++) base = Math.min(base, powerW[b] as number);
    }
    const { bx, by, dies } = this;
    const plane = bx * by;
    const thr = this.threshold;
    const srcBank = this.srcBank;
    const srcDev = this.srcDev;
    let least = Infinity;
    let m = 0;
    let mc = 0;
    for (let b = 0; b < plane; b++) {
      // the power a bank position has on every die: one column kernel instead of one per die
      let low = Infinity;
      let high = -Infinity;
      for (let i = first + b; i < first + n; i += plane) {
        const p = powerW[i] as number;
        if (p < low) low = p;
        if (p > high) high = p;
      }
      if (low < least) least = low;
      // most positions are idle on every die: nothing to take
      if (high - base <= thr && low - base >= -thr) continue;
      let shared = low - base;
      if (shared <= thr && shared >= -thr) shared = 0;
      else {
        this.colSrc[mc] = b;
        this.colDev[mc] = shared;
        mc++;
      }
      for (let d = 0; d < dies; d++) {
        const dev = (powerW[first + d * plane + b] as number) - base - shared;
        if (dev > thr || dev < -thr) {
          srcBank[m] = d * plane + b;
          srcDev[m] = dev;
          m++;
        }
      }
    }
    this.base = base;
    this.nextBase = least;
    this.sources = m;
    this.columns = mc;
  }

  /** Adds the correction to the bank block temperatures (K) and makes each DRAM layer's peak its hottest bank. */
  apply(blockTempsK: Float64Array, layerPeakK: Float64Array): void {
    const { bx, by } = this;
    const plane = bx * by;
    for (let s = 0; s < this.sources; s++) {
      const b = this.srcBank[s] as number;
      const d = Math.floor(b / plane);
      const y = Math.floor((b - d * plane) / bx);
      this.source(this.srcDev[s] as number, b - d * plane - y * bx, y, d);
    }
    // column kernels are those of a virtual source die `dies`
    for (let s = 0; s < this.columns; s++) {
      const b = this.colSrc[s] as number;
      const y = Math.floor(b / bx);
      this.source(this.colDev[s] as number, b - y * bx, y, this.dies);
    }
    const u = this.uniform;
    const base = this.base;
    const first = this.firstBank;
    const acc = this.mem.acc;
    const dies = this.dies;
    for (let d = 0; d < dies; d++) {
      let peak = -Infinity;
      for (let i = d * plane, a = d; i < d * plane + plane; i++, a += dies) {
        const t = (blockTempsK[first + i] as number) + (acc[a] as number) + base * (u[i] as number);
        blockTempsK[first + i] = t;
        if (t > peak) peak = t;
      }
      layerPeakK[this.dieLayer[d] as number] = peak;
    }
    acc.fill(0);
  }

  /**
   * A copy for a forked loop state: the kernel, the plans and the accumulator (zero between calls;
   * with SIMD the module's memory, which a copy cannot duplicate) are shared through `mem`; what
   * carries from one window to the next (the reference power) is the copy's own.
   */
  [FORK_COPY](): SubCellBankCorrection {
    return Object.assign(Object.create(SubCellBankCorrection.prototype) as SubCellBankCorrection, this);
  }

  /** One source at bank (x, y) of die d (d = dies: a column). */
  private source(dev: number, x: number, y: number, d: number): void {
    const { bx, by, radius, dies } = this;
    let plan: ScatterPlan;
    let slot: number;
    if (x >= radius && y >= radius && x < bx - radius && y < by - radius) {
      slot = (d * this.ry + (y % this.ry)) * this.rx + (x % this.rx);
      plan = this.interior[slot] as ScatterPlan;
    } else {
      const key = d * bx * by + y * bx + x;
      slot = this.interior.length + key;
      // with SIMD the values live in the module's memory only: the plan kept here is its rectangle
      const known = this.simd === undefined ? this.edge[key] : this.simdEdge[key];
      plan = known ?? this.newEdgePlan(key, slot, x, y, d);
    }
    const simd = this.simd;
    if (simd === undefined) {
      scatterPlan(this.mem.acc, plan, dev, bx, dies, x, y);
      return;
    }
    const rows = plan.y1 - plan.y0 + 1;
    if (rows <= 0) return;
    const at = (this.simdAt[slot] as number) || this.copyToSimd(plan, slot);
    simd.scatter(
      ((y + plan.y0) * bx + x + plan.x0) * dies * 8,
      at * 8,
      dev,
      rows,
      (plan.x1 - plan.x0 + 1) * dies,
      bx * dies * 8,
    );
  }

  /** Builds the plan of an edge position: shared through the kernel, or with SIMD copied to the memory and kept as its rectangle. */
  private newEdgePlan(key: number, slot: number, x: number, y: number, d: number): ScatterPlan {
    const plan = this.edge[key] ?? edgePlan(this.kernel, this.geometry, this.radius, x, y, d);
    if (this.simd === undefined) this.edge[key] = plan;
    else {
      this.copyToSimd(plan, slot);
      this.simdEdge[key] = { y0: plan.y0, y1: plan.y1, x0: plan.x0, x1: plan.x1, vals: NO_VALUES };
    }
    return plan;
  }

  /** Copies a plan's values into the SIMD memory (growing it) and returns where they start, in doubles. */
  private copyToSimd(plan: ScatterPlan, slot: number): number {
    const memory = (this.simd as ScatterSimd).memory;
    const mem = this.mem;
    const at = mem.top;
    const bytes = (at + plan.vals.length) * 8;
    if (bytes > memory.buffer.byteLength) {
      // doubling keeps the copies amortised; the accumulator's view is re-made on the new buffer
      const pages = Math.ceil(Math.max(bytes, 2 * memory.buffer.byteLength) / 65536) - memory.buffer.byteLength / 65536;
      memory.grow(pages);
      // (the old view is detached by the growth: its length reads 0)
      mem.acc = new Float64Array(memory.buffer, 0, this.bx * this.by * this.dies);
    }
    new Float64Array(memory.buffer, at * 8, plan.vals.length).set(plan.vals);
    mem.top = at + plan.vals.length;
    this.simdAt[slot] = at;
    return at;
  }
}

/** What a correction needs, immutable (one per stack, grid and options; shared by back ends). */
export interface SubCellBankKernel {
  readonly geometry: SubCellBankGeometry;
  readonly kernel: Kernel;
  /** The scatter plan of each source class for a position `radius` inside the die. */
  readonly interior: readonly ScatterPlan[];
  /** Plans of (source class row, position) near an edge: a cache, filled on first use (deterministic). */
  readonly edgePlans: (ScatterPlan | undefined)[];
  readonly uniform: Float64Array;
  readonly radius: number;
  readonly thresholdW: number;
}

/**
 * The kernel for `stack` on `geometry.grid`, or undefined when the grid is as fine as the banks
 * or the banks do not tile its cells (a whole number of banks per cell each way). Costs two
 * factorisations and (r x r x dies + 1) steady solves of each grid (~0.3 s at the defaults).
 */
export function buildSubCellBankKernel(
  stack: StackDescription,
  geometry: SubCellBankGeometry,
  opts: SubCellBankOptions = {},
): SubCellBankKernel | undefined {
  const [bx, by, dies] = geometry.banks;
  const { rows, cols } = geometry.grid;
  if (bx % cols !== 0 || by % rows !== 0 || bx * by === rows * cols) return undefined;
  const radius = Math.min(opts.radiusBanks ?? SUB_CELL_DEFAULTS.radiusBanks, Math.max(bx, by));
  const tol = opts.toleranceKW ?? SUB_CELL_DEFAULTS.toleranceKW;
  const fine = new BankResponse(buildGridModel(stack, { rows: by, cols: bx }), bx, by, dies);
  const grid = new BankResponse(buildGridModel(stack, { rows, cols }), bx, by, dies);
  const { kernel, uniform } = bankKernel(fine, grid, bx, by, dies, bx / cols, by / rows, radius, tol);
  const classes = kernel.reach.length / dies;
  return {
    geometry,
    kernel,
    interior: Array.from({ length: classes }, (_, q) => interiorPlan(kernel, dies, q)),
    edgePlans: new Array<ScatterPlan | undefined>((dies + 1) * bx * by),
    uniform,
    radius,
    thresholdW: opts.sourceThresholdW ?? SUB_CELL_DEFAULTS.sourceThresholdW,
  };
}

/** Steady responses of one grid model to bank power maps, read at every bank of every die. */
class BankResponse {
  private readonly sim: ThermalSimulator;
  private readonly maps: { readonly layer: number; readonly cell: Int32Array }[];
  private readonly L: number;
  private readonly M: number;

  constructor(
    model: GridModel,
    private readonly bx: number,
    private readonly by: number,
    private readonly dies: number,
  ) {
    this.sim = new ThermalSimulator(model, {});
    this.maps = Array.from({ length: dies }, (_, d) => bankCells(model, d, bx, by));
    this.L = model.layers.length;
    this.M = model.rows * model.cols;
  }

  /** Rise (K) at every bank (die-major, then y, then x) for bank powers (W) in that order. */
  solve(bankPowerW: Float64Array): Float64Array {
    const { L, M, bx, by, dies } = this;
    const plane = bx * by;
    const cellPower = new Float64Array(L * M);
    for (let d = 0; d < dies; d++) {
      const m = this.maps[d] as { layer: number; cell: Int32Array };
      for (let b = 0; b < plane; b++) {
        const c = m.layer * M + (m.cell[b] as number);
        cellPower[c] = (cellPower[c] as number) + (bankPowerW[d * plane + b] as number);
      }
    }
    this.sim.steady(cellPower);
    const rises = this.sim.cellRises(
      new Float64Array(L * M),
      this.maps.map((m) => m.layer),
    );
    const out = new Float64Array(dies * plane);
    for (let d = 0; d < dies; d++) {
      const m = this.maps[d] as { layer: number; cell: Int32Array };
      for (let b = 0; b < plane; b++) out[d * plane + b] = rises[m.layer * M + (m.cell[b] as number)] as number;
    }
    return out;
  }
}

/** Grid cell of each bank (x, y) of `die`, every bank inside one cell of `model`. */
function bankCells(model: GridModel, die: number, bx: number, by: number): { layer: number; cell: Int32Array } {
  const layer = model.layers.findIndex((l) => l.name === dramLayerName(die));
  const gl = model.layers[layer];
  if (gl === undefined) throw new ThermalError('THERMAL_MODEL', `sub-cell banks: no grid layer ${dramLayerName(die)}`);
  const index = new Map(gl.floorplan.blocks.map((b, i) => [b.name, i] as const));
  const cell = new Int32Array(bx * by);
  for (let y = 0; y < by; y++)
    for (let x = 0; x < bx; x++) {
      const bi = index.get(bankBlockName(die, x, y));
      if (bi === undefined || (gl.map.start[bi + 1] as number) - (gl.map.start[bi] as number) !== 1)
        throw new ThermalError(
          'THERMAL_MODEL',
          `sub-cell banks: bank ${bankBlockName(die, x, y)} is not inside one grid cell`,
        );
      cell[y * bx + x] = gl.map.cells[gl.map.start[bi] as number] as number;
    }
  return { layer, cell };
}

function bankKernel(
  fine: BankResponse,
  grid: BankResponse,
  bx: number,
  by: number,
  dies: number,
  rx: number,
  ry: number,
  radius: number,
  tol: number,
): { kernel: Kernel; uniform: Float64Array } {
  const plane = bx * by;
  const ones = new Float64Array(dies * plane).fill(1);
  const gu = grid.solve(ones);
  const uniform = fine.solve(ones).map((v, i) => v - (gu[i] as number));
  // the source cell nearest the die centre
  const x0 = Math.floor(bx / rx / 2) * rx;
  const y0 = Math.floor(by / ry / 2) * ry;
  const reach: number[] = [];
  const at: number[] = [];
  const k: number[] = [];
  for (let d = 0; d < dies; d++)
    for (let oy = 0; oy < ry; oy++)
      for (let ox = 0; ox < rx; ox++) {
        const sx = x0 + ox;
        const sy = y0 + oy;
        const one = new Float64Array(dies * plane);
        one[d * plane + sy * bx + sx] = 1;
        const f = fine.solve(one);
        const g = grid.solve(one);
        const v = (t: number, vx: number, vy: number): number => {
          const tx = sx + vx;
          const ty = sy + vy;
          if (tx < 0 || ty < 0 || tx >= bx || ty >= by) return 0;
          const i = t * plane + ty * bx + tx;
          return (f[i] as number) - (g[i] as number);
        };
        for (let t = 0; t < dies; t++) {
          let r = -1;
          for (let vy = -radius; vy <= radius; vy++)
            for (let vx = -radius; vx <= radius; vx++)
              if (Math.abs(v(t, vx, vy)) >= tol) r = Math.max(r, Math.abs(vx), Math.abs(vy));
          reach.push(r);
          at.push(k.length);
          for (let vy = -r; vy <= r; vy++) for (let vx = -r; vx <= r; vx++) k.push(v(t, vx, vy));
        }
      }
  // a column (the same power at one bank position on every die): the sum of the dies' kernels,
  // as a virtual source die `dies` (q = (dies ry + oy) rx + ox)
  for (let oy = 0; oy < ry; oy++)
    for (let ox = 0; ox < rx; ox++)
      for (let t = 0; t < dies; t++) {
        let rMax = -1;
        for (let d = 0; d < dies; d++) rMax = Math.max(rMax, reach[((d * ry + oy) * rx + ox) * dies + t] as number);
        reach.push(rMax);
        at.push(k.length);
        if (rMax < 0) continue;
        const sideM = 2 * rMax + 1;
        const box = new Float64Array(sideM * sideM);
        for (let d = 0; d < dies; d++) {
          const i = ((d * ry + oy) * rx + ox) * dies + t;
          const r = reach[i] as number;
          if (r < 0) continue;
          const side = 2 * r + 1;
          for (let vy = -r; vy <= r; vy++)
            for (let vx = -r; vx <= r; vx++) {
              const j = (vy + rMax) * sideM + vx + rMax;
              box[j] = (box[j] as number) + (k[(at[i] as number) + (vy + r) * side + vx + r] as number);
            }
        }
        for (const v of box) k.push(v);
      }
  return {
    kernel: {
      reach: Int32Array.from(reach),
      at: Int32Array.from(at),
      k: Float64Array.from(k),
    },
    uniform,
  };
}
