// power, DVFS, refresh (issue 5 parts 2-3)
export { PowerModelError } from './power/errors.js';
export type { PowerModelErrorCode } from './power/errors.js';
export { createBlockTemperaturesC } from './power/block-temperatures.js';
export type { BlockTemperaturesC } from './power/block-temperatures.js';
export { leakagePowerW } from './power/leakage.js';
export type { LeakageParams } from './power/leakage.js';
export {
  eventEnergyCoefficients,
  flitsForBytes,
  computeEventEnergyJ,
  memoryEventDramEnergyJ,
  memoryEventNocEnergyJ,
  memoryEventEnergyJ,
} from './power/event-energy.js';
export type { EventEnergyCoefficients, EventEnergyArch } from './power/event-energy.js';
export { computePowerFromEvents, createWindowPower, windowEnergyJ } from './power/window-power.js';
export type { WindowPower, PowerOptions, PowerArch, IdlePowerAccounting } from './power/window-power.js';
export { iterateLeakageFixedPoint } from './power/leakage-fixed-point.js';
export type { LeakageFixedPointOptions, LeakageFixedPointResult } from './power/leakage-fixed-point.js';
export { toBlockPowerW, fromBlockTempsK, KELVIN_OFFSET } from './power/block-vectors.js';
export { dvfsLevel, dvfsStep, dvfsStep as dvfs_step } from './dvfs/dvfs-step.js';
export { createDvfsModel, createDvfsState, nextDvfsState, nextDvfsStepIndex } from './dvfs/dvfs-governor.js';
export type { DvfsModel, DvfsState, DvfsDomainInput } from './dvfs/dvfs-governor.js';
export { refreshMultiplier, refreshMultiplier as refresh_multiplier, validateRefreshCurve } from './refresh/refresh-multiplier.js';
export type { RefreshCurve } from './refresh/refresh-multiplier.js';
export {
  refreshRatePerS,
  bankRefreshRatePerS,
  refreshRateMhz,
  refreshPowerW,
  refreshEnergyJ,
  refreshMhz,
  refreshMhzFromRates,
} from './refresh/refresh-rate.js';
export type { RefreshConfig } from './refresh/refresh-rate.js';
export { effectiveBandwidth, refreshBusyFraction } from './refresh/effective-bandwidth.js';
export { createHardwareModel, createHardwareSnapshot, nextHardwareState, initialHardwareState } from './hardware/next-hardware-state.js';
export type { HardwareModel, HardwareSnapshot, HardwareModelOptions, RefreshTemperature } from './hardware/next-hardware-state.js';
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
export { ThermalSimulator, UNCOUPLED_STAGE_MIN_RATIO, type ThermalSimulatorOptions } from './thermal/thermal-simulator.js';
export { assembleConductance, sparseMultiply, type SparseThermalSystem } from './thermal/sparse-assembly.js';

// Back end
export { EmbeddedThermalBackend, type EmbeddedBackendOptions } from './embedded-backend.js';

// The project's stack from its arch config, back-end factory, H, file mode, the seed's submit contract (issue 5 parts 1, 4, 5)
export { HotspotFileError } from './errors.js';
export { stackFromArch, archThermalLayout, airConvectionResistanceKW, dramLayerName, bondLayerName, LOGIC_LAYER, TIM_LAYER, type ThermalArch, type ArchStackOptions, type TierModel } from './arch/arch-stack.js';
export { coreFloorplan, bankFloorplan, timFloorplan, timBankFloorplan, bondFloorplan, tileFloorplan, coreBlockNames, bankBlockNames, coreBlockName, bankBlockName } from './arch/arch-floorplans.js';
export { compositeLayer } from './arch/composite-layer.js';
export {
  createArchThermalBackend,
  createEmbeddedArchBackend,
  createHotspotFileArchBackend,
  THERMAL_BACKENDS,
  LOOP_SOLVER_DEFAULTS,
  type ArchThermalBackendOptions,
  type ThermalBackendFactory,
} from './arch/arch-thermal-backend.js';
export { archThermalHash } from './arch/arch-hash.js';
export { computeInfluenceMatrix, influenceCacheKey, type InfluenceOptions } from './arch/influence-matrix.js';
export { loadOrComputeInfluenceMatrix, influenceCacheFile } from './arch/influence-cache-io.js';
export { hotspotInputsForArch, formatArchPowerTrace, HOTSPOT_PRESET_OPTIONS, LCF_FILE, CONFIG_FILE, type HotspotInputs, type HotspotInputOptions, type HotspotOptionPreset } from './file-mode/hotspot-inputs.js';
export { writeHotspotExport, nominalIdleBlockPowerW, type HotspotExportOptions, type HotspotExportResult } from './file-mode/hotspot-export-io.js';
export { HotspotFileBackend, type HotspotFileBackendOptions, type HotspotEndState } from './file-mode/hotspot-file-backend.js';
export { integratePeriphery } from './file-mode/periphery-integration.js';
export { submitEventsToComet, submitEventsToComet as submit_events_to_comet, createCometState, type CometState, type CometStateOptions, type CometWindowSnapshot, type CometArch } from './submit-events-to-comet.js';
