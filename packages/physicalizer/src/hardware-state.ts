/** HardwareState helpers: the nominal state (no throttling, no refresh loss) and the boundary check. */
import type { HardwareState, ResolvedArchConfig, ResolvedTasParams } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import { buildMachineModel, type MachineModel } from './machine-model.js';

/** Every core at its nominal (first) DVFS step, every bank at the raw `bank_bw_gbps`. */
export function nominalHardwareState(arch: ResolvedArchConfig, tas: ResolvedTasParams): HardwareState {
  return nominalHardwareStateOf(buildMachineModel(arch, tas));
}

export function nominalHardwareStateOf(m: MachineModel): HardwareState {
  return {
    coreFreqGhz: Float64Array.from(m.nominalGhz),
    bankBwBytesPerNs: new Float64Array(m.bankCount).fill(m.rawBankBytesPerNs),
  };
}

/**
 * Sizes and core frequencies are checked every window (cheap); bank rates are
 * checked where a transfer uses them, so a bad bank fails loudly without an
 * 8,192-entry scan per window.
 */
export function checkHardwareState(m: MachineModel, hw: HardwareState): void {
  if (hw.coreFreqGhz.length !== m.coreCount) {
    throw new PhysicalizerError(
      'HARDWARE_STATE_INVALID',
      `coreFreqGhz has ${hw.coreFreqGhz.length} entries, expected ${m.coreCount}`,
    );
  }
  if (hw.bankBwBytesPerNs.length !== m.bankCount) {
    throw new PhysicalizerError(
      'HARDWARE_STATE_INVALID',
      `bankBwBytesPerNs has ${hw.bankBwBytesPerNs.length} entries, expected ${m.bankCount}`,
    );
  }
  for (let c = 0; c < m.coreCount; c++) {
    const f = hw.coreFreqGhz[c] ?? 0;
    if (!(f > 0) || !Number.isFinite(f))
      throw new PhysicalizerError('HARDWARE_STATE_INVALID', `core ${c} frequency ${f} GHz is not a positive number`);
  }
}
