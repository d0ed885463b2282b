/**
 * Typed errors of the power, DVFS and refresh models of @tasmoe/comet-adapter
 * (the back-end registry and file mode have CometAdapterError); both subclass
 * TasmoeError with stable codes and a category.
 */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

export type PowerModelErrorCode =
  /** Bad input to a power call: buffer length, window length <= 0, non-finite temperature. */
  | 'POWER_INPUT'
  /** The leakage/temperature fixed point did not converge (thermal runaway or too few iterations). */
  | 'POWER_FIXED_POINT'
  /** A block reached the configured thermal trip temperature (thermal.trip_c): the stack shuts down. */
  | 'THERMAL_TRIP'
  /** Inconsistent DVFS domains or bad temperatures handed to the DVFS governor. */
  | 'DVFS_INPUT'
  /** Inconsistent refresh curve or bad refresh inputs. */
  | 'REFRESH_INPUT';

/** Inputs come from the loop; a fixed point that does not converge is a runaway of the configured stack, which the config must change. */
const CATEGORY: Record<PowerModelErrorCode, ErrorCategory> = {
  POWER_INPUT: 'internal',
  POWER_FIXED_POINT: 'input',
  THERMAL_TRIP: 'input',
  DVFS_INPUT: 'input',
  REFRESH_INPUT: 'input',
};

export class PowerModelError extends TasmoeError<PowerModelErrorCode> {
  constructor(code: PowerModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'PowerModelError';
  }
}
