// Errors
export { CometAdapterError, ThermalFormatError, ThermalOptionUnsupportedError, type CometAdapterErrorCode, type CometAdapterErrorOptions } from './errors.js';

// HotSpot formats (pure parse/format)
export { parseFlp, formatFlp, placeFloorplan, type Floorplan, type FloorplanBlock, type PlacedFloorplan } from './hotspot/flp.js';
export { parseLcf, formatLcf, type LayerConfiguration, type LcfLayer } from './hotspot/lcf.js';
export { parseTrace, formatPowerTrace, formatTemperatureTrace, formatTraceHeader, formatTemperatureRow, type BlockTrace } from './hotspot/trace.js';
export { parseSteadyFile, formatSteadyFile, steadyToMap, type NamedTemperatures } from './hotspot/steady-file.js';
export { parseGridSteady, parseGridTransient, formatGridSteady, formatGridLayers, formatGridTransientFrame, type GridTemperatures, type GridTransientFrame } from './hotspot/grid-file.js';
export { parseConfigFile, formatConfigFile, type OptionPair } from './hotspot/config-file.js';
export { stackFromLcf, stackFromChipFloorplan, hotspotBlockNames, mapPowerColumns, type LcfStackInputs, type ChipStackInputs, type MaterialProperties, type PowerColumn } from './hotspot/hotspot-stack.js';
export { HOTSPOT_OPTIONS, COMMAND_LINE_ONLY, argvPairs, checkOption, mergeOptions, type HotspotOptions } from './hotspot/options.js';
export { readTextFile, writeTextFile, appendTextFile, resolvePath } from './hotspot/io.js';
export { runHotspotCommand, hotspotOptionsFromArgv, HotspotRun, type HotspotCommandIo, type TextSink } from './hotspot/command.js';

// Thermal model and solver
export { HOTSPOT_DEFAULT_PACKAGE, type StackDescription, type StackLayerSpec, type StackBoundary, type PackageBoundary, type PackageSlab, type ConvectiveBoundary } from './thermal/stack.js';
export { HOTSPOT_CONVENTIONS, type ThermalConventions } from './thermal/conventions.js';
export { buildGridModel, layerOffset, type GridModel, type GridModelLayer, type GridModelOptions, type GridLayerRole, type PeripheryModel, type EdgeLink, type Edge } from './thermal/grid-model.js';
export { buildBlockGridMap, spreadBlockPower, blockTemperatures, cellsFromBlocks, type BlockGridMap, type GridMapMode } from './thermal/grid-map.js';
export { Dct2d, BatchedDct } from './thermal/dct.js';
export { SpectralSolver, type SpectralFactor } from './thermal/spectral-solver.js';
export { RATIONAL_SCHEMES, rationalAmplification, type RationalScheme } from './thermal/transient-scheme.js';
export { ThermalSimulator, type ThermalSimulatorOptions } from './thermal/thermal-simulator.js';
export { assembleConductance, sparseMultiply, type SparseThermalSystem } from './thermal/sparse-assembly.js';

// Back end
export { EmbeddedThermalBackend, type EmbeddedBackendOptions } from './embedded-backend.js';
