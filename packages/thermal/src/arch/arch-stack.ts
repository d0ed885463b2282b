/**
 * The project's 3D stack from an arch config (pure): the StackDescription the
 * grid model is built from, and the ThermalStackLayout the loop speaks in.
 *
 * Layers, from the one farthest from the heat sink (HotSpot order):
 * - `logic_near_sink` (CoMeT's default): dram(N-1), bond(N-1), ..., dram0, bond0, logic, tim
 * - `dram_near_sink` (HMC-like):          logic, bond0, dram0, bond1, dram1, ..., bond(N-1), dram(N-1), tim
 * A DRAM tier is its die plus, when `geometry.layers.bond` is given, the bond
 * between that die and the next die towards the logic die. Without `bond`
 * (the literal seed reading) the logic_near_sink stack is exactly the HotSpot
 * reference stack (../shared/reference/hotspot/README.md section 2).
 *
 * Boundary: `cooling.type "air"` = HotSpot's spreader + sink package from
 * `thermal.spreader` / `thermal.sink`, sink-to-air resistance
 * r_convec = 1 / (h x sink area), c_convec = `thermal.c_convec_jk`;
 * `"convective"` = heat-transfer coefficient h on the TIM's outer face.
 */
import type { ResolvedArchConfig, ThermalStackLayout } from '@tasmoe/schemas';
import { KELVIN_OFFSET } from '../units.js';
import type { StackBoundary, StackDescription, StackLayerSpec } from '../solver/stack.js';
import { compositeLayer } from './composite-layer.js';
import {
  bankBlockNames,
  bankFloorplan,
  bondFloorplan,
  coreBlockNames,
  coreFloorplan,
  timBankFloorplan,
  timFloorplan,
} from './arch-floorplans.js';

/** The parts of an arch config the thermal stack depends on. */
export type ThermalArch = Pick<ResolvedArchConfig, 'mesh' | 'dram' | 'geometry' | 'thermal'>;

export interface ArchStackOptions {
  /** Override the sink-to-air resistance, K/W (default 1 / (h x sink side^2)). */
  readonly convectionResistanceKW?: number;
  /** Override the convection capacitance, J/K (default `thermal.c_convec_jk`). */
  readonly convectionCapacitanceJK?: number;
  /** Override the ambient temperature, K (default `thermal.ambient_c` + 273.15). */
  readonly ambientK?: number;
  /**
   * How the thin passive layers (bonds, TIM) are represented: "layers"
   * (default) each its own grid layer, as HotSpot needs them; "composite" each
   * merged with the die on its far side (the die it bonds to the next one, or
   * that it attaches to the spreader) into one homogenised anisotropic layer
   * (composite-layer.ts): 10 die-level layers instead of 18, for the fast loop.
   */
  readonly tiers?: TierModel;
  /**
   * Blocks of the TIM layer (HotSpot also reports the spreader and sink with
   * them): "banks" (default) one per bank position, `T_<x>_<y>`, so that a
   * HotSpot init file (block means only) keeps the TIM/spreader/sink gradients
   * between file-mode windows; "cores" one per core, `T<k>`, as the HotSpot
   * reference's tim.flp. Reporting and init files only: the physics is the same.
   */
  readonly timTiles?: 'banks' | 'cores';
}

export type TierModel = 'layers' | 'composite';

const UM = 1e-6;
const MM = 1e-3;

export const LOGIC_LAYER = 'logic';
export const TIM_LAYER = 'tim';
export const dramLayerName = (die: number): string => `dram${die}`;
export const bondLayerName = (die: number): string => `bond${die}`;

/** Sink-to-air resistance of an air-cooled package: 1 / (h x sink area), K/W. */
export function airConvectionResistanceKW(arch: ThermalArch): number {
  const side = arch.thermal.sink.side_mm * MM;
  return 1 / (arch.geometry.cooling.h_wmk2k * side * side);
}

export function stackFromArch(arch: ThermalArch, opts: ArchStackOptions = {}): StackDescription {
  const [cols, rows] = arch.mesh.cores;
  const [bx, by, dies] = arch.dram.banks;
  const [wMm, hMm] = arch.geometry.die_mm;
  const W = wMm * MM,
    H = hMm * MM;
  const g = arch.geometry.layers;
  const material = (m: { thickness_um: number; k_wmk: number; cv_jm3k: number }) => ({
    thicknessM: m.thickness_um * UM,
    conductivityWmK: m.k_wmk,
    volumetricHeatCapacityJm3K: m.cv_jm3k,
  });
  const logic: StackLayerSpec = {
    name: LOGIC_LAYER,
    ...material(g.logic),
    dissipatesPower: true,
    floorplan: coreFloorplan(cols, rows, W, H),
  };
  const dram = (d: number): StackLayerSpec => ({
    name: dramLayerName(d),
    ...material(g.dram),
    dissipatesPower: true,
    floorplan: bankFloorplan(d, bx, by, W, H),
  });
  const bond = g.bond;
  const bondLayer = (d: number): StackLayerSpec[] =>
    bond === undefined
      ? []
      : [
          {
            name: bondLayerName(d),
            ...material(bond),
            dissipatesPower: false,
            floorplan: bondFloorplan(d, bx, by, W, H),
          },
        ];
  const tim: StackLayerSpec = {
    name: TIM_LAYER,
    ...material(g.tim),
    dissipatesPower: false,
    floorplan: opts.timTiles === 'cores' ? timFloorplan(cols, rows, W, H) : timBankFloorplan(bx, by, W, H),
  };

  const layers: StackLayerSpec[] = [];
  if (arch.thermal.stack_order === 'logic_near_sink') {
    for (let d = dies - 1; d >= 0; d--) layers.push(dram(d), ...bondLayer(d));
    layers.push(logic);
  } else {
    layers.push(logic);
    for (let d = 0; d < dies; d++) layers.push(...bondLayer(d), dram(d));
  }
  layers.push(tim);

  const ambientK = opts.ambientK ?? arch.thermal.ambient_c + KELVIN_OFFSET;
  return {
    layers: opts.tiers === 'composite' ? mergePassiveLayers(layers, dies) : layers,
    boundary: archBoundary(arch, opts),
    ambientK,
  };
}

/** Merges every bond layer and the TIM into the layer just before it (farther from the sink): the die on whose sink side it sits. */
function mergePassiveLayers(layers: readonly StackLayerSpec[], dies: number): StackLayerSpec[] {
  const bonds = new Set([...Array.from({ length: dies }, (_, d) => bondLayerName(d)), TIM_LAYER]);
  const out: StackLayerSpec[] = [];
  for (const l of layers) {
    const prev = out[out.length - 1];
    if (bonds.has(l.name) && prev !== undefined) out[out.length - 1] = compositeLayer(prev, l);
    else out.push(l);
  }
  return out;
}

function archBoundary(arch: ThermalArch, opts: ArchStackOptions): StackBoundary {
  const h = arch.geometry.cooling.h_wmk2k;
  if (arch.geometry.cooling.type === 'convective') return { kind: 'convective', heatTransferCoefficientWm2K: h };
  const t = arch.thermal;
  const slab = (s: { side_mm: number; thickness_mm: number; k_wmk: number; cv_jm3k: number }) => ({
    sideM: s.side_mm * MM,
    thicknessM: s.thickness_mm * MM,
    conductivityWmK: s.k_wmk,
    volumetricHeatCapacityJm3K: s.cv_jm3k,
  });
  return {
    kind: 'package',
    spreader: slab(t.spreader),
    sink: slab(t.sink),
    convectionResistanceKW: opts.convectionResistanceKW ?? airConvectionResistanceKW(arch),
    convectionCapacitanceJK: opts.convectionCapacitanceJK ?? t.c_convec_jk,
  };
}

/**
 * Block layout of the project's stack: cores C0..C(n-1) (layer "logic"), then
 * DRAM die 0 ... N-1 (layers "dram<d>"), each bank in topology order (row by
 * row from the bottom, x fastest) -- what power's toBlockPowerW /
 * fromBlockTempsK assume.
 */
export function archThermalLayout(arch: Pick<ResolvedArchConfig, 'mesh' | 'dram'>): ThermalStackLayout {
  const [cols, rows] = arch.mesh.cores;
  const [bx, by, dies] = arch.dram.banks;
  const layers = [{ name: LOGIC_LAYER, blocks: coreBlockNames(cols, rows) }];
  for (let d = 0; d < dies; d++) layers.push({ name: dramLayerName(d), blocks: bankBlockNames(d, bx, by) });
  return { layers, blockCount: cols * rows + bx * by * dies };
}
