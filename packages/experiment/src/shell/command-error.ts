import { TasmoeError, type ErrorCategory } from '@tasmoe/schemas';

/** USAGE: bad arguments; INPUT_FILE: a file the user named cannot be read or is too large; IO: a write of ours failed. */
export type CommandErrorCode = 'NOT_IMPLEMENTED' | 'USAGE' | 'INPUT_FILE' | 'IO' | 'INTERRUPTED';

const CATEGORY: Record<CommandErrorCode, ErrorCategory> = {
  NOT_IMPLEMENTED: 'internal',
  USAGE: 'input',
  INPUT_FILE: 'input',
  IO: 'internal',
  INTERRUPTED: 'internal',
};

/** An error of a command's own (bad arguments, a file it could not write), as opposed to a package's. */
export class CommandError extends TasmoeError<CommandErrorCode> {
  constructor(code: CommandErrorCode, message: string, options?: { cause?: unknown; category?: ErrorCategory }) {
    super(code, options?.category ?? CATEGORY[code], message, options);
    this.name = 'CommandError';
  }
}
