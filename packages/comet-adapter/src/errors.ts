/**
 * Typed errors of @tasmoe/comet-adapter's back-end registry and file mode.
 * Every error carries a stable string `code` (safe to match on), a category,
 * and keeps the underlying `cause` when there is one.
 */
import { type ErrorCategory, locatedMessage, TasmoeError } from '@tasmoe/schemas';

export type CometAdapterErrorCode =
  /** Bad input to a back-end call (vector length, NaN, dt <= 0, use after dispose). */
  | 'THERMAL_INPUT'
  /** Reading or writing a file of the file-mode run folder failed. */
  | 'THERMAL_IO'
  /** No thermal back end is registered under the requested name. */
  | 'THERMAL_BACKEND_UNKNOWN'
  /** File mode: the HotSpot-compatible binary is not configured, missing or not executable. */
  | 'HOTSPOT_BINARY_MISSING'
  /** File mode: the binary exited with a non-zero status (or was killed by a signal). */
  | 'HOTSPOT_EXIT'
  /** File mode: the binary ran longer than `thermal.hotspot.timeout_s`. */
  | 'HOTSPOT_TIMEOUT'
  /** File mode: an output file of the binary is missing or cannot be parsed. */
  | 'HOTSPOT_OUTPUT'
  /** File mode: the stack's files exceed what the binary reads (MAX_UNITS columns, LINE_SIZE characters). */
  | 'HOTSPOT_LIMITS';

const CATEGORY: Record<CometAdapterErrorCode, ErrorCategory> = {
  THERMAL_INPUT: 'internal',
  THERMAL_IO: 'internal',
  THERMAL_BACKEND_UNKNOWN: 'input',
  HOTSPOT_BINARY_MISSING: 'external',
  HOTSPOT_EXIT: 'external',
  HOTSPOT_TIMEOUT: 'external',
  HOTSPOT_OUTPUT: 'external',
  HOTSPOT_LIMITS: 'input',
};

export interface CometAdapterErrorOptions {
  readonly cause?: unknown;
  /** File the problem was found in, when there is one. */
  readonly file?: string;
  /** 1-based line number inside `file`, when known. */
  readonly line?: number;
}

/** Base error of this package (the package's TasmoeError). */
export class CometAdapterError extends TasmoeError<CometAdapterErrorCode> {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(code: CometAdapterErrorCode, message: string, options: CometAdapterErrorOptions = {}) {
    super(
      code,
      CATEGORY[code],
      locatedMessage(message, options),
      options.cause !== undefined ? { cause: options.cause } : undefined,
    );
    this.name = 'CometAdapterError';
    this.file = options.file;
    this.line = options.line;
  }
}

/** A failure of the external HotSpot-compatible binary in file mode; names the command line and the file concerned. */
export class HotspotFileError extends CometAdapterError {
  /** The command line that was run (binary first). */
  readonly command: readonly string[];
  /** Exit status when the process exited, else undefined. */
  readonly exitStatus: number | undefined;
  /** Last lines of the process's standard error. */
  readonly stderrTail: string;
  constructor(
    code: 'HOTSPOT_BINARY_MISSING' | 'HOTSPOT_EXIT' | 'HOTSPOT_TIMEOUT' | 'HOTSPOT_OUTPUT' | 'HOTSPOT_LIMITS',
    message: string,
    details: {
      readonly command: readonly string[];
      readonly exitStatus?: number;
      readonly stderrTail?: string;
    } & CometAdapterErrorOptions,
  ) {
    const opts: CometAdapterErrorOptions = {
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
      ...(details.file !== undefined ? { file: details.file } : {}),
      ...(details.line !== undefined ? { line: details.line } : {}),
    };
    super(code, `${message} (command: ${details.command.join(' ')})`, opts);
    this.name = 'HotspotFileError';
    this.command = details.command;
    this.exitStatus = details.exitStatus;
    this.stderrTail = details.stderrTail ?? '';
  }
}
