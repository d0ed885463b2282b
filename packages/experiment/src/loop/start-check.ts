/**
 * Whether the measured pass's start stands for the pass: the steady state of the pass's own mean
 * activity (settled the way the start was: least fixed point with leakage and refresh, from
 * ambient) against the start's. The start is the steady state of the closed-loop warm-up's mean
 * activity; where the warm-up's activity is not the pass's (an online policy's transient reaction
 * to the hot first state, a branch of a bistable stack), the pass begins away from its own steady
 * state and, with the package's time constant of tens of seconds against a run of about a minute
 * and a half, its peaks keep much of the start (docs/model.md "Thermal start"). The pass's end
 * against the same steady state shows a run that left it for a hotter branch of the leakage and
 * refresh feedback (a bistable stack).
 */
import type { PhysicalWindow } from '@tasmoe/schemas';
import type { LoopState } from './closed-loop.js';
import { settle, type StartTemperatures } from './warm-start.js';
import { fixed } from './observers.js';
import { max } from './window-record.js';

/** Above this the start is reported as not standing for the pass (a WARN in run.log). */
export const START_MISMATCH_WARN_K = 1;

export interface StartCheck {
  /** The start's hottest core and bank, C. */
  readonly startCoreC: number;
  readonly startBankC: number;
  /** The pass's end: its hottest core and bank, C. */
  readonly endCoreC: number;
  readonly endBankC: number;
  /** The steady state of the pass's mean activity: its hottest core and bank, C. */
  readonly passSteadyCoreC: number;
  readonly passSteadyBankC: number;
}

/**
 * Settles `s` on the pass's mean activity (its thermal and hardware state are the pass's no more:
 * call it once the pass's results are taken) and logs the comparison.
 */
export function checkStart(s: LoopState, start: StartTemperatures, passActivity: PhysicalWindow): StartCheck {
  const { tempsC } = s.comet;
  const endCoreC = max(tempsC.coreC);
  const endBankC = max(tempsC.bankC);
  settle(s, passActivity, false);
  const check: StartCheck = {
    startCoreC: start.coreC,
    startBankC: start.bankC,
    endCoreC,
    endBankC,
    passSteadyCoreC: max(tempsC.coreC),
    passSteadyBankC: max(tempsC.bankC),
  };
  const { logger } = s.ctx;
  const line =
    `start check: the steady state of this pass's mean activity has its hottest core at ${fixed(check.passSteadyCoreC)} C ` +
    `(start ${fixed(check.startCoreC)} C, end ${fixed(endCoreC)} C) and bank at ${fixed(check.passSteadyBankC)} C ` +
    `(start ${fixed(check.startBankC)} C, end ${fixed(endBankC)} C)`;
  const off = (a: number, b: number) => Math.abs(a - b) > START_MISMATCH_WARN_K;
  if (off(check.passSteadyCoreC, check.startCoreC) || off(check.passSteadyBankC, check.startBankC))
    logger.warn(
      `${line}: the start does not stand for this pass, so its peaks carry the start; compare scenarios by their activity (docs/model.md "Thermal start")`,
    );
  else if (
    endCoreC - check.passSteadyCoreC > START_MISMATCH_WARN_K ||
    endBankC - check.passSteadyBankC > START_MISMATCH_WARN_K
  )
    logger.warn(
      `${line}: the pass ended above the least steady state of its own activity, on a hotter branch of the leakage and refresh feedback (docs/model.md "Thermal start")`,
    );
  else logger.info(line);
  return check;
}
