/**
 * Typed errors of @tasmoe/schemas. Every error has a stable `code` and a
 * `category` (the CLI maps the category to an exit code); `cause` is kept when
 * one error wraps another.
 */

/**
 * Whose fault an error is: `input` (a config, file or argument the user gave
 * is wrong: exit 2), `external` (a tool or service outside the process failed:
 * exit 4), `internal` (an invariant of ours broke, or an environment failure
 * such as a full disk: exit 1).
 */
export type ErrorCategory = 'input' | 'external' | 'internal';

/** The exit code of each category (README "Exit codes"). */
export const EXIT_CODE_OF_CATEGORY: Readonly<Record<ErrorCategory, number>> = { input: 2, external: 4, internal: 1 };

export type SchemasErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_YAML'
  | 'CONFIG_KIND_UNKNOWN'
  | 'RECORD_INVALID'
  | 'ID_INVALID';

export interface TasmoeErrorOptions {
  readonly cause?: unknown;
}

/**
 * Base class of every TAS-MoE error; packages subclass it with their own codes
 * and give each code its category in a table (`Record<Code, ErrorCategory>`), so
 * a new code cannot be added without saying whose fault it is.
 */
export class TasmoeError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly category: ErrorCategory;
  constructor(code: Code, category: ErrorCategory, message: string, options?: TasmoeErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TasmoeError';
    this.code = code;
    this.category = category;
  }
}

/** `message` prefixed with where it was found: `file:line: `, `file: `, `line N: ` or nothing. */
export function locatedMessage(message: string, where: { readonly file?: string; readonly line?: number }): string {
  const { file, line } = where;
  if (file !== undefined) return `${file}${line !== undefined ? `:${line}` : ''}: ${message}`;
  return line !== undefined ? `line ${line}: ${message}` : message;
}

/** One problem found in an input file: where it is and what was expected. */
export interface InputIssue {
  /** File name as the user gave it, or "<input>" for text without a file. */
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** Dotted field path, e.g. "dvfs.domains.0.trip_c"; "" for the whole document. */
  readonly path: string;
  readonly message: string;
}

export function formatIssue(issue: InputIssue): string {
  return `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.path === '' ? '(document)' : issue.path}: ${issue.message}`;
}

/** A config (or record file) failed validation; `issues` holds one entry per problem. */
export class InputValidationError extends TasmoeError<SchemasErrorCode> {
  readonly issues: readonly InputIssue[];
  constructor(code: SchemasErrorCode, issues: readonly InputIssue[], options?: { cause?: unknown }) {
    super(code, 'input', issues.map(formatIssue).join('\n'), options);
    this.name = 'InputValidationError';
    this.issues = issues;
  }
}

export class IdCodecError extends TasmoeError<SchemasErrorCode> {
  constructor(message: string) {
    super('ID_INVALID', 'input', message);
    this.name = 'IdCodecError';
  }
}
