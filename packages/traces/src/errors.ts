/**
 * Typed errors of @tasmoe/traces. Config problems are reported by @tasmoe/schemas'
 * InputValidationError (file, field path, what was expected); these cover what
 * only the generator can check.
 */
import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas/errors';

export type TracesErrorCode =
  /** A generator option (seed, stepsPerChunk) is not what it must be. */
  | 'TRACE_OPTION_INVALID'
  /** The workload is valid but too large for the trace's 32-bit columns. */
  | 'TRACE_TOO_LARGE'
  /** A chunk index outside 0..chunkCount-1 was asked for. */
  | 'TRACE_CHUNK_OUT_OF_RANGE'
  /** A chunk handed to the CSV converter is not in the generator's order. */
  | 'TRACE_CHUNK_INVALID'
  /** Writing the CSV export failed. */
  | 'TRACE_IO'
  /** A recorded trace file (CSV or trace_meta.json) breaks the trace schema; the message names file:line:field. */
  | 'TRACE_FILE_INVALID'
  /** A recorded trace was made for another workload than the one it is run with. */
  | 'TRACE_MISMATCH'
  /** A routing input (counts file, expert-distribution dump) is malformed or does not fit the workload. */
  | 'ROUTING_INPUT_INVALID';

const CATEGORY: Record<TracesErrorCode, ErrorCategory> = {
  TRACE_OPTION_INVALID: 'input',
  TRACE_TOO_LARGE: 'input',
  TRACE_CHUNK_OUT_OF_RANGE: 'internal',
  TRACE_CHUNK_INVALID: 'internal',
  TRACE_IO: 'internal',
  TRACE_FILE_INVALID: 'input',
  TRACE_MISMATCH: 'input',
  ROUTING_INPUT_INVALID: 'input',
};

export class TracesError extends TasmoeError<TracesErrorCode> {
  constructor(code: TracesErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, CATEGORY[code], message, options);
    this.name = 'TracesError';
  }
}
