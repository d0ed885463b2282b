/**
 * Typed errors of the sweeper, with stable codes the command maps to exit
 * codes (INVALID -> 2 like the tasmoe CLI, USAGE -> 64, the rest -> 1).
 */
import { TasmoeError } from '@tasmoe/schemas';

export type SweeperErrorCode =
  | 'USAGE'
  | 'RUNNER_MISSING'
  | 'RUNNER_OUTPUT_MISSING'
  | 'POINT_HASH_MISMATCH'
  | 'JOB_INVALID'
  | 'SWEEP_LOCKED'
  | 'WORKER_CRASHED'
  | 'INTERRUPTED';

export class SweeperError extends TasmoeError<SweeperErrorCode> {
  constructor(code: SweeperErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
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
