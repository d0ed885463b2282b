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

/** Also run.json's `start_check`, field for field. */
export interface StartCheck {
  /** The start's hottest core and bank, C. */
  readonly start_core_c: number;
  readonly start_bank_c: number;
  /** The pass's end: its hottest core and bank, C. */
  readonly end_core_c: number;
  readonly end_bank_c: number;
  /** The steady state of the pass's mean activity: its hottest core and bank, C. */
  readonly pass_steady_core_c: number;
  readonly pass_steady_bank_c: number;
  /** False for a pass cut short (`maxWindows`): its activity is not the whole run's, and it warns of nothing. */
  readonly pass_complete: boolean;
}

/**
 * Settles `s` on the pass's mean activity (its thermal and hardware state are the pass's no more:
 * call it once the pass's results are taken) and logs the comparison.
 */
export function checkStart(
  s: LoopState,
  start: StartTemperatures,
  passActivity: PhysicalWindow,
  passComplete: boolean,
): StartCheck {
  const { tempsC } = s.comet;
  const endCoreC = max(tempsC.coreC);
  const endBankC = max(tempsC.bankC);
  settle(s, passActivity, false);
  const check: StartCheck = {
    start_core_c: start.coreC,
    start_bank_c: start.bankC,
    end_core_c: endCoreC,
    end_bank_c: endBankC,
    pass_steady_core_c: max(tempsC.coreC),
    pass_steady_bank_c: max(tempsC.bankC),
    pass_complete: passComplete,
  };
  const line =
    `start check: the steady state of this pass's mean activity has its hottest core at ${fixed(check.pass_steady_core_c)} C ` +
    `(start ${fixed(check.start_core_c)} C, end ${fixed(endCoreC)} C) and bank at ${fixed(check.pass_steady_bank_c)} C ` +
    `(start ${fixed(check.start_bank_c)} C, end ${fixed(endBankC)} C)`;
  const verdict = startVerdict(check);
  if (!passComplete) s.ctx.logger.info(`${line} (a pass cut short: its activity is not the whole run's)`);
  else if (verdict === 'ok') s.ctx.logger.info(line);
  else s.ctx.logger.warn(`${line}: ${VERDICT_TEXT[verdict]} (docs/model.md "Thermal start")`);
  return check;
}

export type StartVerdict = 'ok' | 'start' | 'branch';

const VERDICT_TEXT: Readonly<Record<Exclude<StartVerdict, 'ok'>, string>> = {
  start: 'the start does not stand for this pass, so its peaks carry the start; compare scenarios by their activity',
  branch:
    'the pass ended above the least steady state of its own activity, on a hotter branch of the leakage and refresh feedback',
};

/**
 * 'start': the pass's steady state is more than START_MISMATCH_WARN_K from the start (hottest core or
 * bank); 'branch': the pass ended more than that above it.
 */
export function startVerdict(c: StartCheck): StartVerdict {
  return verdictOf(c).kind;
}

/** The verdict and the block that decided it: the core when it did, else the bank. */
function verdictOf(c: StartCheck): { kind: StartVerdict; block: 'core' | 'bank' } {
  const off = (a: number, b: number) => Math.abs(a - b) > START_MISMATCH_WARN_K;
  if (off(c.pass_steady_core_c, c.start_core_c)) return { kind: 'start', block: 'core' };
  if (off(c.pass_steady_bank_c, c.start_bank_c)) return { kind: 'start', block: 'bank' };
  if (c.end_core_c - c.pass_steady_core_c > START_MISMATCH_WARN_K) return { kind: 'branch', block: 'core' };
  if (c.end_bank_c - c.pass_steady_bank_c > START_MISMATCH_WARN_K) return { kind: 'branch', block: 'bank' };
  return { kind: 'ok', block: 'core' };
}

/** One line for a complete pass whose start check is not 'ok' (the CLI prints it), else undefined. */
export function startWarning(scenario: string, c: StartCheck): string | undefined {
  const { kind, block } = verdictOf(c);
  if (kind === 'ok' || !c.pass_complete) return undefined;
  const [steady, start, end] =
    block === 'core'
      ? [c.pass_steady_core_c, c.start_core_c, c.end_core_c]
      : [c.pass_steady_bank_c, c.start_bank_c, c.end_bank_c];
  const where =
    kind === 'start'
      ? `hottest ${block} ${fixed(steady)} C for the pass's activity against ${fixed(start)} C at the start`
      : `hottest ${block} ${fixed(end)} C at the end against ${fixed(steady)} C for the pass's activity`;
  return `warning: ${scenario}: ${VERDICT_TEXT[kind]} (${where}; ${scenario}/run.log, docs/model.md "Thermal start")`;
}
