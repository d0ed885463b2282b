/**
 * A scenario's nominal activity: the mean window of a dry lowering over a span of its first
 * windows, either a fixed count or whole decode steps (`steps` of every micro-batch in flight,
 * sequence.concurrency; at least NOMINAL_MIN_WINDOWS and at most NOMINAL_MAX_WINDOWS windows).
 * Whole steps, because a step's layers load the machine unevenly: a default Mixtral step is ~250
 * windows per lane, and the steady state of the mean power of the first 100 windows is 11 K below
 * that of the whole run's (hottest core 65.5 against 76.8 C, on the 2x refresh branch); of 300
 * windows (about one step per lane) 1.3 K, of 1,000 (4 steps) 0.4 K, of 3,000 (12 steps) 0.1 K
 * below. `tasmoe place`'s steady prediction takes NOMINAL_STEPS; the run's steady start takes
 * `thermal.warmup_steps`, or its first 100 windows when that is 0 (warm-start.ts).
 */
import type { PhysicalWindow, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import type { Physicalizer } from '@tasmoe/physicalizer';
import { createWindowAverager } from './average-window.js';

export const NOMINAL_STEPS = 4;
export const NOMINAL_MIN_WINDOWS = 100;
export const NOMINAL_MAX_WINDOWS = 20_000;

export interface NominalActivity {
  readonly activity: PhysicalWindow;
  /** Windows averaged. */
  readonly windows: number;
}

/** What to average: the first `windows` windows, or the first `steps` decode steps of every micro-batch in flight. */
export type NominalSpan = { readonly windows: number } | { readonly steps: number };

export function nominalActivity(
  phys: Physicalizer,
  workload: ResolvedWorkloadConfig,
  span: NominalSpan,
): NominalActivity {
  const mean = createWindowAverager();
  const windows = 'windows' in span ? span.windows : undefined;
  const stepsWanted = 'steps' in span ? span.steps * workload.sequence.concurrency : 0;
  const more = (w: number, steps: number) =>
    windows !== undefined ? w < windows : w < NOMINAL_MAX_WINDOWS && (steps < stepsWanted || w < NOMINAL_MIN_WINDOWS);
  let steps = 0;
  for (let w = 0; !phys.done && more(w, steps); w++) {
    const pw = phys.physicalizeWindow(w);
    steps += pw.stepLatenciesNs.length;
    mean.add(pw);
  }
  return { activity: mean.result(), windows: mean.count };
}
