/**
 * Typed errors of @tasmoe/schemas. Every error has a stable `code` the CLI maps
 * to an exit code; `cause` is kept when one error wraps another.
 */

export type SchemasErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_YAML'
  | 'CONFIG_KIND_UNKNOWN'
  | 'RECORD_INVALID'
  | 'ID_INVALID';

/** Base class of every TAS-MoE error; packages subclass it with their own codes. */
export class TasmoeError<Code extends string = string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TasmoeError';
    this.code = code;
  }
}

/** One problem found in an input file: where it is and what was expected. */
export interface InputIssue {
  /** File name as the user gave it, or "<input>" for text without a file. */
  readonly file: string;
  /** Dotted field path, e.g. "dvfs.domains.0.trip_c"; "" for the whole document. */
  readonly path: string;
  readonly message: string;
}

export function formatIssue(issue: InputIssue): string {
  return `${issue.file}: ${issue.path === '' ? '(document)' : issue.path}: ${issue.message}`;
}

/** A config (or record file) failed validation; `issues` holds one entry per problem. */
export class InputValidationError extends TasmoeError<SchemasErrorCode> {
  readonly issues: readonly InputIssue[];
  constructor(code: SchemasErrorCode, issues: readonly InputIssue[], options?: { cause?: unknown }) {
    super(code, issues.map(formatIssue).join('\n'), options);
    this.name = 'InputValidationError';
    this.issues = issues;
  }
}

export class IdCodecError extends TasmoeError<SchemasErrorCode> {
  constructor(message: string) {
    super('ID_INVALID', message);
    this.name = 'IdCodecError';
  }
}
