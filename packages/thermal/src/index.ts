// The project's stack and its embedded back end
export {
  stackFromArch,
  archThermalLayout,
  type ThermalArch,
  type ArchStackOptions,
  type TierModel,
} from './arch/arch-stack.js';
export {
  createEmbeddedArchBackend,
  archGrid,
  LOOP_SOLVER_DEFAULTS,
  type EmbeddedArchBackendOptions,
} from './arch/embedded-arch-backend.js';
export { EmbeddedThermalBackend, type EmbeddedBackendOptions } from './embedded-backend.js';
export { SUB_CELL_DEFAULTS, type SubCellBankOptions } from './arch/sub-cell-banks.js';
export { computeInfluenceMatrix, influenceCacheKey, type InfluenceOptions } from './arch/influence-matrix.js';
export { computeBankBurstResponse } from './arch/bank-burst.js';
export { KELVIN_OFFSET } from './units.js';
export {
  ThermalError,
  ThermalFormatError,
  ThermalOptionUnsupportedError,
  type ThermalErrorCode,
  type ThermalErrorOptions,
} from './errors.js';

// The grid model and the HotSpot formats file mode reads back
export { buildGridModel, type GridModel } from './solver/grid-model.js';
export { blockTemperatures } from './solver/grid-map.js';
export { parseGridSteady, parseGridTransient } from './hotspot/grid-file.js';
export { parseSteadyFile, steadyToMap } from './hotspot/steady-file.js';
export { parseTrace } from './hotspot/trace.js';
export { hotspotBlockNames } from './hotspot/hotspot-stack.js';
export { argvPairs, HOTSPOT_OPTIONS } from './hotspot/options.js';
export {
  hotspotInputsForArch,
  formatArchPowerTrace,
  CONFIG_FILE,
  type HotspotInputs,
  type HotspotOptionPreset,
} from './export/hotspot-inputs.js';
export { integratePeriphery } from './export/periphery-integration.js';

// `tasmoe thermal` and `tasmoe thermal-export`
export { runHotspotCommand, type HotspotCommandIo, type TextSink } from './hotspot/command.js';
export {
  writeHotspotExport,
  nominalIdleBlockPowerW,
  type HotspotExportOptions,
  type HotspotExportResult,
} from './export/hotspot-export-io.js';
