/**
 * Stateless DVFS: the frequency step a temperature alone calls for (the seed's
 * `dvfs_step(temp_c, domain)`), with no hysteresis.
 *
 * Trip i (trip_c[i], increasing) sends the domain to at least step i + 1;
 * the boundary belongs to the throttled side (T >= trip -> throttled), as for
 * the refresh curve. The stateful governor (dvfs-governor.ts) adds the
 * hysteresis on the way back up.
 */
type Trips = ArrayLike<number>;

/** Number of trip points at or below `tempC` = the step index a temperature calls for. */
export function dvfsLevel(tempC: number, tripC: Trips): number {
  let s = 0;
  while (s < tripC.length && tempC >= (tripC[s] as number)) s++;
  return s;
}

/** Frequency, GHz, a domain runs at for `tempC` without hysteresis. */
export function dvfsStep(
  tempC: number,
  domain: { readonly steps_ghz: ArrayLike<number>; readonly trip_c: ArrayLike<number> },
): number {
  const steps = domain.steps_ghz;
  const s = Math.min(dvfsLevel(tempC, domain.trip_c), steps.length - 1);
  return steps[s] as number;
}
