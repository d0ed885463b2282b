/** Exit codes as the tasmoe CLI uses them, plus 130 for an interrupted sweep (the shell's code for SIGINT). */
import { InputValidationError, TasmoeError } from '@tasmoe/schemas';

export const EXIT = { ok: 0, failure: 1, invalidInput: 2, usage: 64, interrupted: 130 } as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof InputValidationError) return EXIT.invalidInput;
  if (err instanceof TasmoeError) {
    if (err.code === 'USAGE') return EXIT.usage;
    if (err.code === 'INTERRUPTED') return EXIT.interrupted;
    if (/INVALID/.test(err.code)) return EXIT.invalidInput;
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
