/** Why the runner refuses to start a run, each with its category (all the user's to fix: exit 2). */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

export type RunnerErrorCode =
  /** Another live process holds the results folder's lock. */
  | 'FOLDER_LOCKED'
  /** The results folder holds results of another configuration (overridable with force). */
  | 'FOLDER_HOLDS_OTHER_RUN'
  /** The estimated window count or memory of the run exceeds what the machine allows (overridable). */
  | 'RUN_TOO_LARGE'
  /** A placement, trace or overlay given to the run does not fit its configs. */
  | 'RUN_INPUT_INVALID';

const CATEGORY: Record<RunnerErrorCode, ErrorCategory> = {
  FOLDER_LOCKED: 'input',
  FOLDER_HOLDS_OTHER_RUN: 'input',
  RUN_TOO_LARGE: 'input',
  RUN_INPUT_INVALID: 'input',
};

export class RunnerError extends TasmoeError<RunnerErrorCode> {
  constructor(code: RunnerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'RunnerError';
  }
}
