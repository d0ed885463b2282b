/**
 * Typed errors of @tasmoe/thermal. Every error carries a stable string `code`
 * (safe to match on), a category, and keeps the underlying `cause`.
 */
import { type ErrorCategory, locatedMessage, TasmoeError } from '@tasmoe/schemas';

export type ThermalErrorCode =
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
  | 'THERMAL_IO';

/**
 * Formats, options and stack descriptions come from the user's files; solver
 * inputs come from the loop (a NaN power is our bug or a runaway the loop
 * should have caught). File errors say themselves (a missing input is the
 * user's, a failed write is not).
 */
const CATEGORY: Record<ThermalErrorCode, ErrorCategory> = {
  THERMAL_FORMAT: 'input',
  THERMAL_OPTION_UNSUPPORTED: 'input',
  THERMAL_OPTION_INVALID: 'input',
  THERMAL_MODEL: 'input',
  THERMAL_INPUT: 'internal',
  THERMAL_IO: 'internal',
};

export interface ThermalErrorOptions {
  readonly cause?: unknown;
  /** File the problem was found in, when there is one. */
  readonly file?: string;
  /** 1-based line number inside `file`, when known. */
  readonly line?: number;
  /** Overrides the code's category (e.g. an input file that cannot be read). */
  readonly category?: ErrorCategory;
}

export class ThermalError extends TasmoeError<ThermalErrorCode> {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(code: ThermalErrorCode, message: string, options: ThermalErrorOptions = {}) {
    super(
      code,
      options.category ?? CATEGORY[code],
      locatedMessage(message, options),
      options.cause !== undefined ? { cause: options.cause } : undefined,
    );
    this.name = 'ThermalError';
    this.file = options.file;
    this.line = options.line;
  }
}

/** A malformed HotSpot-format input. */
export class ThermalFormatError extends ThermalError {
  constructor(message: string, options: ThermalErrorOptions = {}) {
    super('THERMAL_FORMAT', message, options);
    this.name = 'ThermalFormatError';
  }
}

/** A HotSpot option that this implementation refuses (unknown or not implemented). */
export class ThermalOptionUnsupportedError extends ThermalError {
  readonly option: string;
  constructor(option: string, message: string, options: ThermalErrorOptions = {}) {
    super('THERMAL_OPTION_UNSUPPORTED', message, options);
    this.name = 'ThermalOptionUnsupportedError';
    this.option = option;
  }
}

/** Returns a copy of `err` annotated with a file name (keeps the original as cause). */
export function withFile(err: unknown, file: string): unknown {
  if (err instanceof ThermalError && err.file === undefined) {
    const opts: ThermalErrorOptions =
      err.line !== undefined
        ? { cause: err, file, line: err.line, category: err.category }
        : { cause: err, file, category: err.category };
    const msg = err.line !== undefined ? err.message.replace(/^line \d+: /, '') : err.message;
    return new ThermalError(err.code, msg, opts);
  }
  return err;
}
