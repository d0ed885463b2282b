/**
 * Pressure of a core (SPEC section 4, TACS):
 *   S_c = [T_c - Thot]+ / (Temg - Thot) + gamma * [q_c - q_target]+ / q_target
 * on EMA temperatures, q_c = last window's utilisation.
 *
 * TACS scores actions in kelvin-equivalents: band * S, band = Temg - Thot, whose
 * temperature term is literally the kelvins above Thot.
 */
export interface PressureParams {
  readonly Thot: number;
  readonly Temg: number;
  readonly gamma: number;
  readonly qTarget: number;
}

export function pressure(t: number, q: number, p: PressureParams): number {
  return Math.max(0, t - p.Thot) / (p.Temg - p.Thot) + (p.gamma * Math.max(0, q - p.qTarget)) / p.qTarget;
}

/**
 * Predicted drop of the source's pressure, in kelvin-equivalents (band x dS), when
 * its temperature falls by dT and its load by dq. Non-increasing in Thot.
 */
export function pressureDropK(t: number, dT: number, q: number, dq: number, p: PressureParams): number {
  const thermal = Math.max(0, t - p.Thot) - Math.max(0, t - dT - p.Thot);
  const load = Math.max(0, q - p.qTarget) - Math.max(0, q - dq - p.qTarget);
  return thermal + ((p.Temg - p.Thot) * p.gamma * load) / p.qTarget;
}
