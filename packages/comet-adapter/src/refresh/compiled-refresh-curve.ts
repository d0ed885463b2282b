/**
 * The refresh curve as two typed arrays, for the per-bank loops (8,192 banks
 * per window): reading config tuples there costs several times more than the
 * lookup itself. Same step semantics as refreshMultiplier.
 */
import { PowerModelError } from '../power/errors.js';
import { validateRefreshCurve, type RefreshCurve } from './refresh-multiplier.js';

export interface CompiledRefreshCurve {
  readonly tempC: Float64Array;
  readonly multiplier: Float64Array;
  /**
   * Temperature range [bandLoC[k], bandHiC[k]) in which point k's multiplier holds, padded to 256
   * entries; entries past the curve are empty ranges (+Inf, -Inf), so an unknown band index (255)
   * never matches. The outer bands end at +-MAX_VALUE, so +-Infinity and NaN never match either.
   */
  readonly bandLoC: Float64Array;
  readonly bandHiC: Float64Array;
}

export function compileRefreshCurve(curve: RefreshCurve): CompiledRefreshCurve {
  validateRefreshCurve(curve);
  if (curve.length > 255)
    throw new PowerModelError('REFRESH_INPUT', `a refresh curve has at most 255 points, got ${curve.length}`);
  const tempC = Float64Array.from(curve, (p) => p[0]);
  const bandLoC = new Float64Array(256).fill(Number.POSITIVE_INFINITY);
  const bandHiC = new Float64Array(256).fill(Number.NEGATIVE_INFINITY);
  for (let k = 0; k < tempC.length; k++) {
    bandLoC[k] = k === 0 ? -Number.MAX_VALUE : (tempC[k] as number);
    bandHiC[k] = k + 1 < tempC.length ? (tempC[k + 1] as number) : Number.MAX_VALUE;
  }
  return { tempC, multiplier: Float64Array.from(curve, (p) => p[1]), bandLoC, bandHiC };
}

/** Multiplier at `tempC` (the caller has checked it is finite). */
export function compiledRefreshMultiplier(tempC: number, c: CompiledRefreshCurve): number {
  return c.multiplier[compiledRefreshBand(tempC, c)] as number;
}

/** Index of the curve point whose multiplier holds at `tempC` (0 below the second point). */
export function compiledRefreshBand(tempC: number, c: CompiledRefreshCurve): number {
  const t = c.tempC;
  let i = 1;
  while (i < t.length && tempC >= (t[i] as number)) i++;
  return i - 1;
}
