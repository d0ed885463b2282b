// Solver internals for tests and benches; not part of the public API.
export * from './index.js';
export {
  HOTSPOT_DEFAULT_PACKAGE,
  type StackDescription,
  type StackLayerSpec,
  type StackBoundary,
  type PackageBoundary,
  type PackageSlab,
  type ConvectiveBoundary,
} from './solver/stack.js';
export { HOTSPOT_CONVENTIONS, type ThermalConventions } from './solver/conventions.js';
export {
  layerOffset,
  type GridModelLayer,
  type GridModelOptions,
  type GridLayerRole,
  type PeripheryModel,
  type EdgeLink,
  type Edge,
} from './solver/grid-model.js';
export {
  buildBlockGridMap,
  spreadBlockPower,
  cellsFromBlocks,
  type BlockGridMap,
  type GridMapMode,
} from './solver/grid-map.js';
export { RATIONAL_SCHEMES, rationalAmplification, type RationalScheme } from './solver/transient-scheme.js';
export {
  ThermalSimulator,
  UNCOUPLED_STAGE_MIN_RATIO,
  type ThermalSimulatorOptions,
} from './solver/thermal-simulator.js';
export { assembleConductance, sparseMultiply, type SparseThermalSystem } from './solver/sparse-assembly.js';
export {
  parseFlp,
  formatFlp,
  placeFloorplan,
  type Floorplan,
  type FloorplanBlock,
  type PlacedFloorplan,
} from './hotspot/flp.js';
export { dramLayerName, bondLayerName, LOGIC_LAYER, TIM_LAYER, airConvectionResistanceKW } from './arch/arch-stack.js';
export { HOTSPOT_PRESET_OPTIONS, LCF_FILE, type HotspotInputOptions } from './export/hotspot-inputs.js';
export { archThermalHash } from './arch/arch-hash.js';
