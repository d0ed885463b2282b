/**
 * Typed errors of @tasmoe/tacs. Codes are stable strings the CLI maps to exit codes.
 */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

export type TacsErrorCode =
  /** Telemetry, pending window, influence matrix or carried state do not match the topology. */
  | 'TACS_INPUT_SHAPE'
  /** A parameter or option has a value TACS cannot work with (e.g. an empty window). */
  | 'TACS_INPUT_VALUE';

const CATEGORY: Record<TacsErrorCode, ErrorCategory> = { TACS_INPUT_SHAPE: 'internal', TACS_INPUT_VALUE: 'internal' };

export class TacsError extends TasmoeError<TacsErrorCode> {
  constructor(code: TacsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'TacsError';
  }
}
