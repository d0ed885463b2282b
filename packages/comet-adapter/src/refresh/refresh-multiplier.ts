/**
 * Temperature -> refresh-rate multiplier, a step function read from config
 * (`refresh.tref_curve`, [[T_C, multiplier], ...] with increasing T_C).
 *
 * Below the first point the first multiplier applies; at or above a point's
 * temperature, that point's multiplier applies (the boundary belongs to the
 * hotter step, as for DVFS trip points). The multiplier scales the refresh
 * *rate*: the command interval is tref_base / multiplier (the seed writes
 * `t_ref = tref_base x multiplier`, which SPEC section 4 reads as a rate, since
 * a hotter DRAM must refresh more often, never less).
 */
import { tRefStepMultiplier } from '@tasmoe/schemas';
import { PowerModelError } from '../power/errors.js';

export type RefreshCurve = readonly (readonly [number, number])[];

export function refreshMultiplier(tempC: number, curve: RefreshCurve): number {
  const first = curve[0];
  if (first === undefined)
    throw new PowerModelError('REFRESH_INPUT', 'refresh curve is empty; expected at least one [T_C, multiplier] point');
  if (Number.isNaN(tempC)) throw new PowerModelError('REFRESH_INPUT', 'refresh multiplier asked for a NaN temperature');
  return tRefStepMultiplier(tempC, curve);
}

/** Throws unless the curve is non-empty, strictly increasing in T and every multiplier is positive. */
export function validateRefreshCurve(curve: RefreshCurve): void {
  if (curve.length === 0)
    throw new PowerModelError('REFRESH_INPUT', 'refresh curve is empty; expected at least one [T_C, multiplier] point');
  for (let i = 0; i < curve.length; i++) {
    const [t, m] = curve[i] as readonly [number, number];
    if (!Number.isFinite(t) || !(m > 0) || !Number.isFinite(m)) {
      throw new PowerModelError(
        'REFRESH_INPUT',
        `refresh curve point ${i} is [${t}, ${m}]; expected a finite temperature and a positive multiplier`,
      );
    }
    if (i > 0 && !(t > (curve[i - 1] as readonly [number, number])[0])) {
      throw new PowerModelError(
        'REFRESH_INPUT',
        `refresh curve temperatures must increase strictly; point ${i} (${t} C) does not`,
      );
    }
  }
}
