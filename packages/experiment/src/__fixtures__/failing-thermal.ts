/** A thermal module whose back end cannot be created: a scenario that fails after its log is open. */
import type { ThermalBackend } from '@tasmoe/schemas';

export function createThermal(): ThermalBackend {
  throw new Error('thermal back end failed (test double)');
}
