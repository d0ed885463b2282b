/**
 * Second-order TACS constants that are not tas_params.yaml knobs. Defaults are
 * documented in the package README ("Modelling choices").
 */
export interface TacsOptions {
  /**
   * Neighbour-based stand-in for the influence matrix when none is given:
   * a core heats itself by `rSelfKPerW` per watt and a core h hops away by
   * rSelfKPerW * couplingPerHop^h.
   */
  readonly rSelfKPerW: number;
  readonly couplingPerHop: number;
  /** A replica is created only after the source core has been hot this many consecutive windows (emergencies excepted). */
  readonly replicaAfterWindows: number;
  /** A replica TACS created is retired once its core is this much hotter than the coolest other host of the expert. */
  readonly retireMarginC: number;
}

export const DEFAULT_TACS_OPTIONS: TacsOptions = Object.freeze({
  rSelfKPerW: 2.5,
  couplingPerHop: 0.2,
  replicaAfterWindows: 2,
  retireMarginC: 2,
});

export function resolveTacsOptions(partial: Partial<TacsOptions> | undefined): TacsOptions {
  return partial === undefined ? DEFAULT_TACS_OPTIONS : { ...DEFAULT_TACS_OPTIONS, ...partial };
}
