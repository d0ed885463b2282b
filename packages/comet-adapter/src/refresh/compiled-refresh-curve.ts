/**
 * The refresh curve as two typed arrays, for the per-bank loops (8,192 banks
 * per window): reading config tuples there costs several times more than the
 * lookup itself. Same step semantics as refreshMultiplier.
 */
import { validateRefreshCurve, type RefreshCurve } from './refresh-multiplier.js';

export interface CompiledRefreshCurve {
  readonly tempC: Float64Array;
  readonly multiplier: Float64Array;
}

export function compileRefreshCurve(curve: RefreshCurve): CompiledRefreshCurve {
  validateRefreshCurve(curve);
  return { tempC: Float64Array.from(curve, (p) => p[0]), multiplier: Float64Array.from(curve, (p) => p[1]) };
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
