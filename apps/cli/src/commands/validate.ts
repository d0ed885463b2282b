import { readFileSync } from 'node:fs';
import { InputValidationError } from '@tasmoe/schemas';
import { resolveUserPath, type Io } from '@tasmoe/experiment';
import { validateFileText } from '../validate-file.js';

/** Validates each file; prints "ok" lines or one line per problem. Returns the exit code. */
export function validateCommand(files: readonly string[], io: Io): number {
  let failed = 0;
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(resolveUserPath(f), 'utf8');
    } catch (err) {
      io.err(`${f}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      failed++;
      continue;
    }
    try {
      const r = validateFileText(text, f);
      io.out(`${f}: ok (${r.kind}${r.records === undefined ? '' : `, ${r.records} records`})`);
    } catch (err) {
      if (!(err instanceof InputValidationError)) throw err;
      for (const line of err.message.split('\n')) io.err(line);
      failed++;
    }
  }
  return failed === 0 ? 0 : 2;
}
