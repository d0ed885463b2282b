/**
 * CLI error codes and the mapping from any package's typed error to an exit
 * code and a one-line message.
 */
import { InputValidationError, TasmoeError } from '@tasmoe/schemas';

export type CliErrorCode = 'NOT_IMPLEMENTED' | 'USAGE' | 'IO';

export class CliError extends TasmoeError<CliErrorCode> {
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CliError';
  }
}

/** Exit codes: 1 generic failure, 2 invalid input, 3 not implemented, 4 external tool, 64 usage. */
export const EXIT = { ok: 0, failure: 1, invalidInput: 2, notImplemented: 3, externalTool: 4, usage: 64 } as const;

const EXTERNAL_CODES = /^(EXTERNAL|HOTSPOT|FILE_MODE)/;

export function exitCodeFor(err: unknown): number {
  if (err instanceof InputValidationError) return EXIT.invalidInput;
  if (err instanceof TasmoeError) {
    if (err.code === 'NOT_IMPLEMENTED') return EXIT.notImplemented;
    if (err.code === 'USAGE') return EXIT.usage;
    if (EXTERNAL_CODES.test(err.code)) return EXIT.externalTool;
    if (/INVALID|FORMAT|MISSING/.test(err.code)) return EXIT.invalidInput;
  }
  return EXIT.failure;
}

/** Lines to print for an error: one per input issue, else one line with the code. */
export function messageLines(err: unknown): string[] {
  if (err instanceof InputValidationError) return err.message.split('\n');
  if (err instanceof TasmoeError) return [`error [${err.code}]: ${err.message.split('\n')[0] ?? ''}`];
  if (err instanceof Error) return [`error: ${err.message}`];
  return [`error: ${String(err)}`];
}
