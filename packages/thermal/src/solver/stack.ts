/**
 * Stack description: the input of the grid model builder. It is independent
 * of HotSpot's files (an LCF + floorplans is one producer of it; the project's
 * arch config will be another).
 */
import type { Floorplan } from '../hotspot/flp.js';

/** One die-level layer. `layers[0]` of a stack is the layer FARTHEST from the heat sink (HotSpot order). */
export interface StackLayerSpec {
  /** Role/name, e.g. "dram7", "logic", "tim". Used to match a ThermalStackLayout. */
  readonly name: string;
  readonly thicknessM: number;
  /** Thermal conductivity, W/(m K); the through-thickness value when `lateralConductivityWmK` is given. */
  readonly conductivityWmK: number;
  /**
   * In-plane conductivity of an anisotropic (homogenised) layer, W/(m K);
   * default `conductivityWmK`. HotSpot's LCF cannot express it (isotropic only).
   */
  readonly lateralConductivityWmK?: number;
  readonly volumetricHeatCapacityJm3K: number;
  /** Lateral heat flow inside the layer (default true). */
  readonly lateralFlow?: boolean;
  /** Whether the layer dissipates power (HotSpot: appears in the power trace). */
  readonly dissipatesPower: boolean;
  /** Blocks of the layer (power input and temperature reporting). */
  readonly floorplan: Floorplan;
}

/** A square slab of the package (heat spreader or heat-sink base). */
export interface PackageSlab {
  readonly sideM: number;
  readonly thicknessM: number;
  readonly conductivityWmK: number;
  readonly volumetricHeatCapacityJm3K: number;
}

/** HotSpot's package: spreader + heat sink + convection to ambient. */
export interface PackageBoundary {
  readonly kind: 'package';
  readonly spreader: PackageSlab;
  readonly sink: PackageSlab;
  /** Whole-sink convection resistance to ambient, K/W (`-r_convec`). */
  readonly convectionResistanceKW: number;
  /** Convection capacitance, J/K (`-c_convec`). */
  readonly convectionCapacitanceJK: number;
}

/** A purely convective boundary on the sink-side face of the last layer (no spreader/sink). */
export interface ConvectiveBoundary {
  readonly kind: 'convective';
  /** Heat-transfer coefficient to ambient, W/(m^2 K) (project config `cooling.h_wmk2k`). */
  readonly heatTransferCoefficientWm2K: number;
}

export type StackBoundary = PackageBoundary | ConvectiveBoundary;

export interface StackDescription {
  /** Layers from the one farthest from the heat sink (index 0) to the one touching the sink side. */
  readonly layers: readonly StackLayerSpec[];
  readonly boundary: StackBoundary;
  readonly ambientK: number;
}

/** HotSpot 7.0's built-in package values (also the `-c` defaults of the HotSpot command). */
export const HOTSPOT_DEFAULT_PACKAGE: PackageBoundary = {
  kind: 'package',
  spreader: { sideM: 0.03, thicknessM: 0.001, conductivityWmK: 400, volumetricHeatCapacityJm3K: 3.55e6 },
  sink: { sideM: 0.06, thicknessM: 0.0069, conductivityWmK: 400, volumetricHeatCapacityJm3K: 3.55e6 },
  convectionResistanceKW: 0.1,
  convectionCapacitanceJK: 140.4,
};
