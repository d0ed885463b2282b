/**
 * Consistent power and temperature for the steady-state start.
 *
 * In the window loop leakage is lagged one window. At the start there is no
 * previous window: the run begins from the steady state of the nominal power,
 * and that power itself depends on temperature through leakage (and refresh).
 * This helper iterates T_{k+1} = solve(P(T_k)) until max |T_{k+1} - T_k| < tol.
 * The map contracts when d(leakage)/dT x thermal resistance < 1 (the default
 * 64 x 0.12 W cores and 8192 x 2 mW banks at beta 0.017/K give ~0.4 W/K of
 * leakage slope, so a package below ~2.5 K/W converges, in a handful of
 * iterations); otherwise it is thermal runaway and we throw rather than
 * return a state that is not one.
 */
import type { BlockTemperaturesC } from './block-temperatures.js';
import { PowerModelError } from './errors.js';

export interface LeakageFixedPointOptions<P> {
  /** Starting guess, e.g. ambient everywhere. Not modified. */
  readonly initialTempsC: BlockTemperaturesC;
  /** Power at the given temperatures (leakage and refresh evaluated there). */
  readonly power: (tempsC: BlockTemperaturesC) => P;
  /** Steady-state temperatures for a power (the thermal solver). May reuse its output buffers. */
  readonly solve: (power: P) => BlockTemperaturesC;
  /** Stop when no block moved more than this, K. Default 0.01. */
  readonly tolC?: number;
  /** Default 100. */
  readonly maxIterations?: number;
}

export interface LeakageFixedPointResult<P> {
  /** Temperatures of the last solve (a copy the caller owns). */
  readonly tempsC: BlockTemperaturesC;
  /** Power at the second-to-last temperatures; within tol of consistent with tempsC. */
  readonly power: P;
  readonly iterations: number;
  /** Largest block temperature change in the last iteration, K. */
  readonly maxDeltaC: number;
}

/**
 * Above this a state is runaway, not a temperature (silicon melts at 1414 C, and exp(beta dT) of
 * leakage overflows a double a few thousand kelvin up), so the iteration stops before its power
 * turns infinite.
 */
export const RUNAWAY_C = 1000;

function maxOf(a: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (!((a[i] as number) <= m)) m = a[i] as number;
  return m;
}

function maxAbsDelta(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (d > m || Number.isNaN(d)) m = d;
  }
  return m;
}

export function iterateLeakageFixedPoint<P>(opts: LeakageFixedPointOptions<P>): LeakageFixedPointResult<P> {
  const tol = opts.tolC ?? 0.01;
  const maxIterations = opts.maxIterations ?? 100;
  if (!(tol > 0)) throw new PowerModelError('POWER_INPUT', `fixed-point tolerance ${tol} K; expected > 0`);
  const prev: BlockTemperaturesC = {
    coreC: Float64Array.from(opts.initialTempsC.coreC),
    bankC: Float64Array.from(opts.initialTempsC.bankC),
  };
  let delta = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIterations; it++) {
    const power = opts.power(prev);
    const next = opts.solve(power);
    if (next.coreC.length !== prev.coreC.length || next.bankC.length !== prev.bankC.length) {
      throw new PowerModelError(
        'POWER_INPUT',
        `solver returned ${next.coreC.length} core / ${next.bankC.length} bank temperatures, expected ${prev.coreC.length} / ${prev.bankC.length}`,
      );
    }
    delta = Math.max(maxAbsDelta(next.coreC, prev.coreC), maxAbsDelta(next.bankC, prev.bankC));
    prev.coreC.set(next.coreC);
    prev.bankC.set(next.bankC);
    if (!Number.isFinite(delta)) break; // temperatures blew up: runaway
    if (delta < tol) return { tempsC: prev, power, iterations: it, maxDeltaC: delta };
    const hottest = Math.max(maxOf(prev.coreC), maxOf(prev.bankC));
    if (!(hottest <= RUNAWAY_C)) {
      throw new PowerModelError(
        'POWER_FIXED_POINT',
        `thermal runaway: the steady state passed ${RUNAWAY_C} C (${hottest.toPrecision(4)} C after ${it} iterations): leakage grows faster than the package removes heat; ` +
          'raise geometry.cooling.h_wmk2k, or lower power.leak_beta_per_k, power.core_leak_w, power.bank_leak_w or the bank count (dram.banks)',
      );
    }
  }
  throw new PowerModelError(
    'POWER_FIXED_POINT',
    `leakage/temperature iteration did not converge in ${maxIterations} iterations (last change ${delta} K, tolerance ${tol} K): ` +
      'thermal runaway, or leakage too steep for the package resistance',
  );
}
