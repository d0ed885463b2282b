/**
 * Grid model builder (pure): from a StackDescription and grid options, the
 * node / conductance / capacitance description of FORMATS.md section 7.
 *
 * Nodes: one per grid cell and layer (layer-major, then row i with row 0 =
 * north edge, then column j), then the 12 package periphery nodes when present.
 * Every layer is uniform, so conductances and capacitances are stored per layer.
 */
import { ThermalError } from '../errors.js';
import { placeFloorplan, type PlacedFloorplan } from '../hotspot/flp.js';
import { HOTSPOT_CONVENTIONS, type ThermalConventions } from './conventions.js';
import { buildBlockGridMap, type BlockGridMap } from './grid-map.js';
import type { PackageBoundary, StackDescription } from './stack.js';

export type GridLayerRole = 'die' | 'spreader' | 'sink';

export interface GridModelLayer {
  readonly name: string;
  readonly role: GridLayerRole;
  readonly thicknessM: number;
  /** Through-thickness conductivity (vertical links), W/(m K). */
  readonly conductivityWmK: number;
  /** In-plane conductivity (lateral links), W/(m K); equals conductivityWmK unless the layer is anisotropic. */
  readonly lateralConductivityWmK: number;
  readonly volumetricHeatCapacityJm3K: number;
  readonly lateralFlow: boolean;
  readonly dissipatesPower: boolean;
  /** Conductance W/K between cells (i, j) and (i, j+1). */
  readonly gEastWest: number;
  /** Conductance W/K between cells (i, j) and (i+1, j). */
  readonly gNorthSouth: number;
  /** Heat capacity of one cell, J/K (capacitance factor applied). */
  readonly cellCapacitance: number;
  /** Blocks of the layer (spreader/sink reuse the last die layer's floorplan). */
  readonly floorplan: PlacedFloorplan;
  readonly map: BlockGridMap;
}

export type Edge = 'W' | 'E' | 'N' | 'S';

/** All cells of `layer` on die edge `edge` connect to periphery node `node` through `gPerCell`. */
export interface EdgeLink {
  readonly layer: number;
  readonly edge: Edge;
  readonly node: number;
  readonly gPerCell: number;
}

export interface PeripheryModel {
  /** `inode_0` .. `inode_11`: spreader W E N S, sink ring under the spreader W E N S, outer sink W E N S. */
  readonly nodeNames: readonly string[];
  readonly capacitance: Float64Array;
  readonly gAmbient: Float64Array;
  readonly links: readonly { readonly a: number; readonly b: number; readonly g: number }[];
  readonly edgeLinks: readonly EdgeLink[];
}

export interface GridModelOptions {
  readonly rows: number;
  readonly cols: number;
  readonly conventions?: Partial<ThermalConventions>;
}

export interface GridModel {
  readonly rows: number;
  readonly cols: number;
  readonly widthM: number;
  readonly heightM: number;
  readonly cellWidthM: number;
  readonly cellHeightM: number;
  readonly ambientK: number;
  readonly conventions: ThermalConventions;
  /** Grid layers: the stack's layers, then spreader and sink for a package boundary. */
  readonly layers: readonly GridModelLayer[];
  /** gVertical[n]: conductance between a cell of layer n and the same cell of layer n+1. */
  readonly gVertical: Float64Array;
  /** Conductance from each cell of the last layer to ambient. */
  readonly gAmbientCell: number;
  readonly periphery: PeripheryModel | undefined;
  /** Number of die-level layers of the stack (HotSpot N_lcf). */
  readonly stackLayerCount: number;
  readonly nodeCount: number;
}

const BBOX_TOL = 1e-6;

function checkPositive(v: number, what: string): void {
  if (!(Number.isFinite(v) && v > 0))
    throw new ThermalError('THERMAL_MODEL', `${what} must be a positive number, got ${v}`);
}

/** Builds the grid model. */
export function buildGridModel(stack: StackDescription, options: GridModelOptions): GridModel {
  const conv: ThermalConventions = { ...HOTSPOT_CONVENTIONS, ...options.conventions };
  const { rows, cols } = options;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new ThermalError('THERMAL_MODEL', `grid rows/cols must be positive integers, got ${rows}x${cols}`);
  }
  if (stack.layers.length === 0) throw new ThermalError('THERMAL_MODEL', 'stack has no layers');
  checkPositive(conv.capacitanceFactor, 'capacitance factor');
  if (!Number.isFinite(stack.ambientK)) throw new ThermalError('THERMAL_MODEL', 'ambient temperature must be finite');

  const placed = stack.layers.map((l) => placeFloorplan(l.floorplan));
  const first = placed[0];
  if (first === undefined) throw new ThermalError('THERMAL_MODEL', 'stack has no layers');
  const W = first.widthM,
    H = first.heightM;
  placed.forEach((p, i) => {
    if (Math.abs(p.widthM - W) > BBOX_TOL || Math.abs(p.heightM - H) > BBOX_TOL) {
      throw new ThermalError(
        'THERMAL_MODEL',
        `layer ${i} (${stack.layers[i]?.name ?? ''}) floorplan is ${p.widthM} x ${p.heightM} m, layer 0 is ${W} x ${H} m`,
      );
    }
  });
  const cw = W / cols,
    ch = H / rows,
    A = cw * ch;
  const swapped = conv.lateralLinks === 'hotspot7-swapped';
  const lateralG = (k: number, t: number, lateral: boolean): { ew: number; ns: number } => {
    if (!lateral) return { ew: 0, ns: 0 };
    const gPhysEW = (k * t * ch) / cw; // length cw, cross-section ch*t
    const gPhysNS = (k * t * cw) / ch;
    return swapped ? { ew: gPhysNS, ns: gPhysEW } : { ew: gPhysEW, ns: gPhysNS };
  };

  const layers: GridModelLayer[] = [];
  stack.layers.forEach((l, i) => {
    checkPositive(l.thicknessM, `layer ${l.name} thickness`);
    checkPositive(l.conductivityWmK, `layer ${l.name} conductivity`);
    const kLat = l.lateralConductivityWmK ?? l.conductivityWmK;
    checkPositive(kLat, `layer ${l.name} lateral conductivity`);
    checkPositive(l.volumetricHeatCapacityJm3K, `layer ${l.name} heat capacity`);
    const lateral = l.lateralFlow ?? true;
    const g = lateralG(kLat, l.thicknessM, lateral);
    const fp = placed[i] as PlacedFloorplan;
    layers.push({
      name: l.name,
      role: 'die',
      thicknessM: l.thicknessM,
      conductivityWmK: l.conductivityWmK,
      lateralConductivityWmK: kLat,
      volumetricHeatCapacityJm3K: l.volumetricHeatCapacityJm3K,
      lateralFlow: lateral,
      dissipatesPower: l.dissipatesPower,
      gEastWest: g.ew,
      gNorthSouth: g.ns,
      cellCapacitance: conv.capacitanceFactor * l.volumetricHeatCapacityJm3K * l.thicknessM * A,
      floorplan: fp,
      map: buildBlockGridMap(fp, rows, cols, W, H),
    });
  });
  const lastDie = layers[layers.length - 1] as GridModelLayer;
  const b = stack.boundary;
  let gAmbientCell: number;
  let periphery: PeripheryModel | undefined;
  if (b.kind === 'package') {
    for (const [slab, nm] of [
      [b.spreader, 'spreader'],
      [b.sink, 'sink'],
    ] as const) {
      checkPositive(slab.sideM, `${nm} side`);
      checkPositive(slab.thicknessM, `${nm} thickness`);
      checkPositive(slab.conductivityWmK, `${nm} conductivity`);
      checkPositive(slab.volumetricHeatCapacityJm3K, `${nm} heat capacity`);
    }
    checkPositive(b.convectionResistanceKW, 'convection resistance');
    if (!(b.convectionCapacitanceJK >= 0))
      throw new ThermalError('THERMAL_MODEL', 'convection capacitance must be >= 0');
    const sp = b.spreader,
      sk = b.sink;
    const gs = lateralG(sp.conductivityWmK, sp.thicknessM, true);
    layers.push({
      name: 'spreader',
      role: 'spreader',
      thicknessM: sp.thicknessM,
      conductivityWmK: sp.conductivityWmK,
      lateralConductivityWmK: sp.conductivityWmK,
      volumetricHeatCapacityJm3K: sp.volumetricHeatCapacityJm3K,
      lateralFlow: true,
      dissipatesPower: false,
      gEastWest: gs.ew,
      gNorthSouth: gs.ns,
      cellCapacitance: conv.capacitanceFactor * sp.volumetricHeatCapacityJm3K * sp.thicknessM * A,
      floorplan: lastDie.floorplan,
      map: lastDie.map,
    });
    const gk = lateralG(sk.conductivityWmK, sk.thicknessM, true);
    layers.push({
      name: 'sink',
      role: 'sink',
      thicknessM: sk.thicknessM,
      conductivityWmK: sk.conductivityWmK,
      lateralConductivityWmK: sk.conductivityWmK,
      volumetricHeatCapacityJm3K: sk.volumetricHeatCapacityJm3K,
      lateralFlow: true,
      dissipatesPower: false,
      gEastWest: gk.ew,
      gNorthSouth: gk.ns,
      cellCapacitance:
        conv.capacitanceFactor *
        (sk.volumetricHeatCapacityJm3K * sk.thicknessM * A + (b.convectionCapacitanceJK * A) / (sk.sideM * sk.sideM)),
      floorplan: lastDie.floorplan,
      map: lastDie.map,
    });
    const rSlab =
      conv.verticalResistance === 'full-thickness'
        ? sk.thicknessM / (sk.conductivityWmK * A)
        : sk.thicknessM / (2 * sk.conductivityWmK * A);
    gAmbientCell = 1 / (rSlab + (b.convectionResistanceKW * sk.sideM * sk.sideM) / A);
    if (conv.peripheryNodes)
      periphery = buildPeriphery(
        b,
        W,
        H,
        rows,
        cols,
        layers.length - 2,
        layers.length - 1,
        layers,
        conv.capacitanceFactor,
      );
  } else {
    checkPositive(b.heatTransferCoefficientWm2K, 'heat-transfer coefficient');
    const rSlab =
      conv.verticalResistance === 'full-thickness'
        ? lastDie.thicknessM / (lastDie.conductivityWmK * A)
        : lastDie.thicknessM / (2 * lastDie.conductivityWmK * A);
    gAmbientCell = 1 / (rSlab + 1 / (b.heatTransferCoefficientWm2K * A));
  }
  const L = layers.length;
  const gVertical = new Float64Array(Math.max(0, L - 1));
  for (let n = 0; n < L - 1; n++) {
    const a = layers[n] as GridModelLayer,
      c = layers[n + 1] as GridModelLayer;
    const rA = a.thicknessM / (a.conductivityWmK * A);
    const rC = c.thicknessM / (c.conductivityWmK * A);
    gVertical[n] = conv.verticalResistance === 'full-thickness' ? 1 / rA : 1 / (rA / 2 + rC / 2);
  }
  return {
    rows,
    cols,
    widthM: W,
    heightM: H,
    cellWidthM: cw,
    cellHeightM: ch,
    ambientK: stack.ambientK,
    conventions: conv,
    layers,
    gVertical,
    gAmbientCell,
    periphery,
    stackLayerCount: stack.layers.length,
    nodeCount: L * rows * cols + (periphery !== undefined ? periphery.nodeNames.length : 0),
  };
}

function buildPeriphery(
  b: PackageBoundary,
  W: number,
  H: number,
  rows: number,
  cols: number,
  spLayer: number,
  skLayer: number,
  layers: readonly GridModelLayer[],
  f: number,
): PeripheryModel {
  const Sp = b.spreader.sideM,
    tp = b.spreader.thicknessM,
    kp = b.spreader.conductivityWmK,
    cp = b.spreader.volumetricHeatCapacityJm3K;
  const Ss = b.sink.sideM,
    ts = b.sink.thicknessM,
    ks = b.sink.conductivityWmK,
    cs = b.sink.volumetricHeatCapacityJm3K;
  const Rcv = b.convectionResistanceKW,
    Ccv = b.convectionCapacitanceJK;
  if (!(Sp > W && Sp > H))
    throw new ThermalError('THERMAL_MODEL', `spreader side ${Sp} m must exceed the die (${W} x ${H} m)`);
  if (!(Ss > Sp)) throw new ThermalError('THERMAL_MODEL', `sink side ${Ss} m must exceed the spreader side ${Sp} m`);
  const spL = layers[spLayer] as GridModelLayer,
    skL = layers[skLayer] as GridModelLayer;
  const rHs = (Ss - Sp) / 4 / ((ks * ts * (Ss + 3 * Sp)) / 4);
  const Ao = (Ss * Ss - Sp * Sp) / 4;
  const rHsPer = ts / (ks * Ao),
    rAmbPer = (Rcv * Ss * Ss) / Ao;
  const cap = new Float64Array(12),
    gAmb = new Float64Array(12);
  const links: { a: number; b: number; g: number }[] = [];
  const edgeLinks: EdgeLink[] = [];
  const edges: Edge[] = ['W', 'E', 'N', 'S'];
  edges.forEach((edge, x) => {
    const horizontal = edge === 'W' || edge === 'E'; // heat flows in x
    const w = horizontal ? W : H,
      h = horizontal ? H : W;
    const r_sp1 = (Sp - w) / 4 / ((kp * tp * (Sp + 3 * h)) / 4);
    const r_hs1 = (Sp - w) / 4 / ((ks * ts * (Sp + 3 * h)) / 4);
    const r_hs2 = (Sp - w) / 4 / ((ks * ts * (3 * Sp + h)) / 4);
    const Ax = ((Sp + h) * (Sp - w)) / 4;
    const rSpPer = tp / (kp * Ax),
      rHsCPer = ts / (ks * Ax),
      rAmbCPer = (Rcv * Ss * Ss) / Ax;
    const nEdge = horizontal ? rows : cols;
    const rLatSp = 1 / (horizontal ? spL.gEastWest : spL.gNorthSouth);
    const rLatSk = 1 / (horizontal ? skL.gEastWest : skL.gNorthSouth);
    const sp = x,
      skc = 4 + x,
      skp = 8 + x;
    edgeLinks.push({ layer: spLayer, edge, node: sp, gPerCell: 1 / (rLatSp / 2 + nEdge * r_sp1) });
    edgeLinks.push({ layer: skLayer, edge, node: skc, gPerCell: 1 / (rLatSk / 2 + nEdge * r_hs1) });
    links.push({ a: sp, b: skc, g: 1 / rSpPer });
    links.push({ a: skc, b: skp, g: 1 / (r_hs2 + rHs) });
    gAmb[skc] = 1 / (rHsCPer + rAmbCPer);
    gAmb[skp] = 1 / (rHsPer + rAmbPer);
    cap[sp] = f * cp * tp * Ax;
    cap[skc] = f * (cs * ts * Ax + (Ccv * Ax) / (Ss * Ss));
    cap[skp] = f * (cs * ts * Ao + (Ccv * Ao) / (Ss * Ss));
  });
  return {
    nodeNames: Array.from({ length: 12 }, (_, i) => `inode_${i}`),
    capacitance: cap,
    gAmbient: gAmb,
    links,
    edgeLinks,
  };
}

/** Index of the first node of grid layer `layer`. */
export function layerOffset(model: GridModel, layer: number): number {
  return layer * model.rows * model.cols;
}
