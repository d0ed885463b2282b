export {};
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
