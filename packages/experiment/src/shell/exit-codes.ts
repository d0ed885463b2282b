/**
 * Exit codes of the project's commands, from the error categories: input 2,
 * external tool 4, internal 1; plus the command-level codes (usage 64, not
 * implemented 3, interrupted 130, the shell's code for SIGINT).
 */
import { EXIT_CODE_OF_CATEGORY, InputValidationError, TasmoeError } from '@tasmoe/schemas';

export const EXIT = {
  ok: 0,
  failure: 1,
  invalidInput: 2,
  notImplemented: 3,
  externalTool: 4,
  usage: 64,
  interrupted: 130,
} as const;

/** Codes whose exit code is not their category's. */
const EXIT_OF_CODE: Readonly<Record<string, number>> = {
  USAGE: EXIT.usage,
  NOT_IMPLEMENTED: EXIT.notImplemented,
  INTERRUPTED: EXIT.interrupted,
};

export function exitCodeFor(err: unknown): number {
  if (!(err instanceof TasmoeError)) return EXIT.failure;
  return EXIT_OF_CODE[err.code] ?? EXIT_CODE_OF_CATEGORY[err.category];
}

/** Lines to print for an error: one per input issue, else one line with the code. */
export function messageLines(err: unknown): string[] {
  if (err instanceof InputValidationError) return err.message.split('\n');
  if (err instanceof TasmoeError) return [`error [${err.code}]: ${err.message.split('\n')[0] ?? ''}`];
  if (err instanceof Error) return [`error: ${err.message}`];
  return [`error: ${String(err)}`];
}
