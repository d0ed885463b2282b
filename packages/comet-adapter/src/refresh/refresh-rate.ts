/**
 * Refresh command rate, power and energy of one bank, and the `refresh_mhz`
 * metric (SPEC section 4: mean refresh command rate per bank, MHz).
 *
 * rate = multiplier(T) / tref_base: one refresh command every tREFI / multiplier.
 * Each command costs `refresh_nj_per_command` (CoMeT: 3.55 nJ per bank refresh).
 */
import type { ResolvedArchConfig } from '@tasmoe/schemas';
import { refreshMultiplier } from './refresh-multiplier.js';

export type RefreshConfig = ResolvedArchConfig['refresh'];

/** Refresh commands per second for a multiplier and a base interval in us. */
export function refreshRatePerS(multiplier: number, trefBaseUs: number): number {
  return multiplier / (trefBaseUs * 1e-6);
}

/** Refresh commands per second of a bank at `tempC`. */
export function bankRefreshRatePerS(tempC: number, refresh: RefreshConfig): number {
  return refreshRatePerS(refreshMultiplier(tempC, refresh.tref_curve), refresh.tref_base_us);
}

/** Refresh command rate in MHz (= commands per us). */
export function refreshRateMhz(tempC: number, refresh: RefreshConfig): number {
  return refreshMultiplier(tempC, refresh.tref_curve) / refresh.tref_base_us;
}

export function refreshPowerW(ratePerS: number, njPerCommand: number): number {
  return ratePerS * njPerCommand * 1e-9;
}

export function refreshEnergyJ(ratePerS: number, durationS: number, njPerCommand: number): number {
  return ratePerS * durationS * njPerCommand * 1e-9;
}

/** `refresh_mhz` of one window: mean over banks of their refresh rates (commands/s). */
export function refreshMhzFromRates(bankRefreshPerS: Float64Array): number {
  if (bankRefreshPerS.length === 0) return 0;
  let sum = 0;
  for (let b = 0; b < bankRefreshPerS.length; b++) sum += bankRefreshPerS[b] as number;
  return (sum / bankRefreshPerS.length) * 1e-6;
}

/** `refresh_mhz` from bank temperatures: mean over banks of multiplier(T_b) / tref_base_us. */
export function refreshMhz(bankTempsC: Float64Array, refresh: RefreshConfig): number {
  if (bankTempsC.length === 0) return 0;
  let sum = 0;
  for (let b = 0; b < bankTempsC.length; b++) sum += refreshMultiplier(bankTempsC[b] as number, refresh.tref_curve);
  return sum / bankTempsC.length / refresh.tref_base_us;
}
