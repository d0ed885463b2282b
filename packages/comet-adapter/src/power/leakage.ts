/**
 * Temperature-dependent leakage: leak(T) = leak_ref * exp(beta * (T - T_ref)).
 *
 * Subthreshold leakage grows roughly exponentially with temperature; CoMeT (via
 * McPAT) uses fitted curves, an exponential around a documented reference point
 * is the usual compact form. With the default beta = 0.017/K leakage doubles
 * every ln 2 / 0.017 = 40.8 K. The caller decides at which temperature to
 * evaluate it: the window loop lags it one window (previous window's
 * temperatures), the steady-state start iterates it to a fixed point
 * (see leakage-fixed-point.ts).
 */

export interface LeakageParams {
  /** Leakage at the reference temperature, W. */
  readonly refW: number;
  /** Reference temperature, C. */
  readonly refC: number;
  /** Exponential coefficient, 1/K. */
  readonly betaPerK: number;
}

export function leakagePowerW(tempC: number, p: LeakageParams): number {
  return p.refW * Math.exp(p.betaPerK * (tempC - p.refC));
}
