/** Typed errors of the sweeper, with stable codes and a category each (the exit code follows the category). */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

export type SweeperErrorCode =
  | 'USAGE'
  | 'RUNNER_MISSING'
  | 'RUNNER_OUTPUT_MISSING'
  | 'POINT_HASH_MISMATCH'
  | 'JOB_INVALID'
  | 'SWEEP_LOCKED'
  | 'WORKER_CRASHED'
  | 'INTERRUPTED';

const CATEGORY: Record<SweeperErrorCode, ErrorCategory> = {
  USAGE: 'input',
  RUNNER_MISSING: 'input',
  RUNNER_OUTPUT_MISSING: 'internal',
  POINT_HASH_MISMATCH: 'internal',
  JOB_INVALID: 'input',
  SWEEP_LOCKED: 'input',
  WORKER_CRASHED: 'internal',
  INTERRUPTED: 'internal',
};

export class SweeperError extends TasmoeError<SweeperErrorCode> {
  constructor(code: SweeperErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'SweeperError';
  }
}

/** What a failed point records in point.json: enough to read the failure without its log. */
export interface RecordedError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
}

export function recordError(err: unknown): RecordedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: err.message,
      ...(err.stack === undefined ? {} : { stack: err.stack }),
    };
  }
  return { name: 'Error', message: String(err) };
}
