/**
 * Thermal DVFS governor with trip points and hysteresis, one state per domain
 * (SPEC section 4 "DVFS"; CoMeT's ondemand policy throttles above 80 C and
 * recovers below 78 C: hysteresis_c = 2 by default).
 *
 * - A domain's temperature is the max over its cores: a domain shares one
 *   clock, so its hottest core decides (as a package thermal sensor does).
 * - Stepping down: T >= trip_c[i] puts the domain at step i + 1 or lower, at
 *   once (several steps in one window if T jumped past several trips).
 * - Stepping up: from step s >= 1 the domain returns to step s - 1 only when
 *   T < trip_c[s - 1] - hysteresis_c, i.e. once it has cooled the hysteresis
 *   below the trip point that put it in step s; repeated while that holds, so
 *   a domain that cooled far recovers several steps in one window.
 * - Hence level(T) <= step <= level(T + hysteresis_c) after every update, and
 *   with hysteresis 0 the governor equals the stateless dvfsStep.
 *
 * State lives in typed arrays; `nextDvfsState` reads one state and writes the
 * next into `into` (which may be the same object for an in-place update, or a
 * second buffer), so per-window use allocates nothing.
 */
import { PowerModelError } from '../power/errors.js';
import { dvfsLevel } from './dvfs-step.js';

export interface DvfsModel {
  readonly coreCount: number;
  readonly domainCount: number;
  /** Domain of each core. */
  readonly coreDomain: Int32Array;
  /** Cores of each domain. */
  readonly domainCores: readonly Int32Array[];
  readonly stepsGhz: readonly Float64Array[];
  readonly tripC: readonly Float64Array[];
  readonly hysteresisC: Float64Array;
}

export interface DvfsState {
  readonly model: DvfsModel;
  /** Current step index of each domain (0 = nominal). */
  readonly domainStep: Int32Array;
  /** Temperature each domain was last judged at (max over its cores), C; NaN before the first update. */
  readonly domainTempC: Float64Array;
  /** Current frequency of each core, GHz. */
  readonly coreFreqGhz: Float64Array;
}

/** A DVFS domain as config gives it (`arch.dvfs.domains[i]`, resolved or not). */
export interface DvfsDomainInput {
  readonly cores: 'all' | readonly number[];
  readonly steps_ghz: readonly number[];
  readonly trip_c: readonly number[];
  readonly hysteresis_c: number;
}

function fail(message: string): never {
  throw new PowerModelError('DVFS_INPUT', message);
}

export function createDvfsModel(domains: readonly DvfsDomainInput[], coreCount: number): DvfsModel {
  if (domains.length === 0) fail('no DVFS domains; expected at least one');
  const coreDomain = new Int32Array(coreCount).fill(-1);
  const domainCores: Int32Array[] = [];
  const stepsGhz: Float64Array[] = [];
  const tripC: Float64Array[] = [];
  const hysteresisC = new Float64Array(domains.length);
  domains.forEach((d, i) => {
    const steps = Float64Array.from(d.steps_ghz);
    const trips = Float64Array.from(d.trip_c);
    if (steps.length === 0) fail(`dvfs domain ${i} has no frequency steps`);
    if (trips.length !== steps.length - 1)
      fail(`dvfs domain ${i} has ${trips.length} trip points for ${steps.length} steps; expected ${steps.length - 1}`);
    for (let s = 0; s < steps.length; s++) {
      if (!((steps[s] as number) > 0)) fail(`dvfs domain ${i} step ${s} is ${steps[s]} GHz; expected > 0`);
      if (s > 0 && !((steps[s] as number) < (steps[s - 1] as number)))
        fail(`dvfs domain ${i} steps must decrease strictly (nominal first)`);
    }
    for (let t = 1; t < trips.length; t++) {
      if (!((trips[t] as number) > (trips[t - 1] as number)))
        fail(`dvfs domain ${i} trip points must increase strictly`);
    }
    if (!(d.hysteresis_c >= 0)) fail(`dvfs domain ${i} hysteresis ${d.hysteresis_c} K; expected >= 0`);
    const cores = d.cores === 'all' ? Array.from({ length: coreCount }, (_, c) => c) : d.cores;
    for (const c of cores) {
      if (!(c >= 0 && c < coreCount && Number.isInteger(c)))
        fail(`dvfs domain ${i} names core ${c}; expected 0..${coreCount - 1}`);
      if (coreDomain[c] !== -1) fail(`core ${c} is in dvfs domains ${coreDomain[c]} and ${i}`);
      coreDomain[c] = i;
    }
    domainCores.push(Int32Array.from(cores));
    stepsGhz.push(steps);
    tripC.push(trips);
    hysteresisC[i] = d.hysteresis_c;
  });
  const orphan = coreDomain.indexOf(-1);
  if (orphan >= 0) fail(`core ${orphan} is in no DVFS domain`);
  return { coreCount, domainCount: domains.length, coreDomain, domainCores, stepsGhz, tripC, hysteresisC };
}

/** Every domain at its nominal (first) step. */
export function createDvfsState(model: DvfsModel): DvfsState {
  const coreFreqGhz = new Float64Array(model.coreCount);
  for (let c = 0; c < model.coreCount; c++)
    coreFreqGhz[c] = (model.stepsGhz[model.coreDomain[c] as number] as Float64Array)[0] as number;
  return {
    model,
    domainStep: new Int32Array(model.domainCount),
    domainTempC: new Float64Array(model.domainCount).fill(Number.NaN),
    coreFreqGhz,
  };
}

/** One governor decision for one domain: the next step from the current step and the domain temperature. */
export function nextDvfsStepIndex(step: number, tempC: number, tripC: ArrayLike<number>, hysteresisC: number): number {
  const level = dvfsLevel(tempC, tripC);
  if (level > step) return level;
  let s = step;
  while (s > 0 && tempC < (tripC[s - 1] as number) - hysteresisC) s--;
  return s;
}

/**
 * Applies the governor to every domain for the given core temperatures (C,
 * core-id order); writes the next state into `into` (default: a new state) and
 * returns it. `into.coreFreqGhz` is the per-core frequency for the next window.
 */
export function nextDvfsState(
  state: DvfsState,
  coreTempsC: Float64Array,
  into: DvfsState = createDvfsState(state.model),
): DvfsState {
  const m = state.model;
  if (into.model !== m)
    throw new PowerModelError('DVFS_INPUT', 'nextDvfsState: `into` belongs to a different DVFS model');
  if (coreTempsC.length !== m.coreCount)
    throw new PowerModelError('DVFS_INPUT', `got ${coreTempsC.length} core temperatures, expected ${m.coreCount}`);
  for (let d = 0; d < m.domainCount; d++) {
    const cores = m.domainCores[d] as Int32Array;
    let t = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cores.length; j++) {
      const c = cores[j] as number;
      const tc = coreTempsC[c] as number;
      if (!Number.isFinite(tc))
        throw new PowerModelError('DVFS_INPUT', `core ${c} has temperature ${tc}; expected a finite value in C`);
      if (tc > t) t = tc;
    }
    const trips = m.tripC[d] as Float64Array;
    const s = nextDvfsStepIndex(state.domainStep[d] as number, t, trips, m.hysteresisC[d] as number);
    into.domainStep[d] = s;
    into.domainTempC[d] = t;
    const ghz = (m.stepsGhz[d] as Float64Array)[s] as number;
    for (let j = 0; j < cores.length; j++) into.coreFreqGhz[cores[j] as number] = ghz;
  }
  return into;
}
