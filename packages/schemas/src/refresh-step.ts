/**
 * The `refresh.tref_curve` step at a temperature: below the first point the first multiplier, at or
 * above a point's temperature that point's (the boundary belongs to the hotter step). The power
 * model (comet-adapter refreshMultiplier) and TAPS's DRAM background both read the curve here.
 * The curve is non-empty (the arch schema requires it); an empty one gives NaN.
 */
export function tRefStepMultiplier(tempC: number, curve: readonly (readonly [number, number])[]): number {
  const first = curve[0];
  if (first === undefined) return Number.NaN;
  let m = first[1];
  for (let i = 1; i < curve.length; i++) {
    const p = curve[i] as readonly [number, number];
    if (tempC < p[0]) break;
    m = p[1];
  }
  return m;
}
