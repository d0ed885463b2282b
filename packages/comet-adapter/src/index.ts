// Power, DVFS, refresh and the hardware state
export { PowerModelError, type PowerModelErrorCode } from './power/errors.js';
export { checkThermalTrip } from './power/thermal-trip.js';
export { createBlockTemperaturesC, type BlockTemperaturesC } from './power/block-temperatures.js';
export {
  computePowerFromEvents,
  createWindowPower,
  windowEnergyJ,
  type WindowPower,
  type PowerOptions,
  type PowerArch,
  type IdlePowerAccounting,
} from './power/window-power.js';
export {
  iterateLeakageFixedPoint,
  type LeakageFixedPointOptions,
  type LeakageFixedPointResult,
} from './power/leakage-fixed-point.js';
export { toBlockPowerW, fromBlockTempsK } from './power/block-vectors.js';
export {
  createDvfsModel,
  createDvfsState,
  nextDvfsState,
  type DvfsModel,
  type DvfsState,
  type DvfsDomainInput,
} from './dvfs/dvfs-governor.js';
export { dvfsStep } from './dvfs/dvfs-step.js';
export { refreshMultiplier, type RefreshCurve } from './refresh/refresh-multiplier.js';
export {
  createHardwareModel,
  createHardwareSnapshot,
  nextHardwareState,
  initialHardwareState,
  type HardwareModel,
  type HardwareSnapshot,
  type HardwareModelOptions,
} from './hardware/next-hardware-state.js';

// Thermal back ends by name, file mode, H
export { CometAdapterError, HotspotFileError, type CometAdapterErrorCode } from './errors.js';
export {
  createArchThermalBackend,
  createHotspotFileArchBackend,
  THERMAL_BACKENDS,
  type ArchThermalBackendOptions,
  type ThermalBackendFactory,
} from './arch/arch-thermal-backend.js';
export { loadOrComputeInfluenceMatrix, influenceCacheFile } from './arch/influence-cache-io.js';
export {
  HotspotFileBackend,
  STOCK_HOTSPOT_LIMITS,
  type HotspotFileBackendOptions,
  type HotspotEndState,
  type HotspotReadLimits,
} from './file-mode/hotspot-file-backend.js';

// The seed's one-call window contract
export {
  submitEventsToComet,
  createCometState,
  type CometState,
  type CometStateOptions,
  type CometWindowSnapshot,
  type CometArch,
} from './submit-events-to-comet.js';
