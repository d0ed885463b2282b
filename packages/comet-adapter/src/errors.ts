/**
 * Typed errors of @tasmoe/comet-adapter. Every error carries a stable string
 * `code` (safe to match on) and keeps the underlying `cause` when there is one.
 */
import { TasmoeError } from '@tasmoe/schemas';

export type CometAdapterErrorCode =
  /** A HotSpot-format file (flp, lcf, ptrace, steady, grid, config) is malformed. */
  | 'THERMAL_FORMAT'
  /** A HotSpot option is known to exist but not implemented here (or unknown). */
  | 'THERMAL_OPTION_UNSUPPORTED'
  /** An option value is missing or invalid. */
  | 'THERMAL_OPTION_INVALID'
  /** The stack / grid model description is inconsistent. */
  | 'THERMAL_MODEL'
  /** Bad input to a solver call (vector length, NaN, dt <= 0, ...). */
  | 'THERMAL_INPUT'
  /** Reading or writing a file failed. */
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
  | 'HOTSPOT_OUTPUT';

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
    const where =
      options.file !== undefined
        ? `${options.file}${options.line !== undefined ? `:${options.line}` : ''}: `
        : options.line !== undefined
          ? `line ${options.line}: `
          : '';
    super(code, `${where}${message}`, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'CometAdapterError';
    this.file = options.file;
    this.line = options.line;
  }
}

/** A malformed HotSpot-format input. */
export class ThermalFormatError extends CometAdapterError {
  constructor(message: string, options: CometAdapterErrorOptions = {}) {
    super('THERMAL_FORMAT', message, options);
    this.name = 'ThermalFormatError';
  }
}

/** A HotSpot option that this implementation refuses (unknown or not implemented). */
export class ThermalOptionUnsupportedError extends CometAdapterError {
  readonly option: string;
  constructor(option: string, message: string, options: CometAdapterErrorOptions = {}) {
    super('THERMAL_OPTION_UNSUPPORTED', message, options);
    this.name = 'ThermalOptionUnsupportedError';
    this.option = option;
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
    code: 'HOTSPOT_BINARY_MISSING' | 'HOTSPOT_EXIT' | 'HOTSPOT_TIMEOUT' | 'HOTSPOT_OUTPUT',
    message: string,
    details: { readonly command: readonly string[]; readonly exitStatus?: number; readonly stderrTail?: string } & CometAdapterErrorOptions,
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

/** Returns a copy of `err` annotated with a file name (keeps the original as cause). */
export function withFile(err: unknown, file: string): unknown {
  if (err instanceof CometAdapterError && err.file === undefined) {
    const opts: CometAdapterErrorOptions =
      err.line !== undefined ? { cause: err, file, line: err.line } : { cause: err, file };
    const msg = err.line !== undefined ? err.message.replace(/^line \d+: /, '') : err.message;
    return new CometAdapterError(err.code, msg, opts);
  }
  return err;
}
