/**
 * Reading a file the user named (a config, placement, trace): its size checked
 * before it is read, a UTF-8 byte-order mark dropped. A missing, unreadable or
 * oversized file is the user's to fix: CommandError INPUT_FILE (exit 2).
 */
import { readFileSync, statSync } from 'node:fs';
import { stripBom } from '@tasmoe/schemas';
import { CommandError } from './command-error.js';
import { resolveUserPath } from './paths.js';

/** Largest file of each kind read whole (a config is small; traces are parsed in memory by `validate`). */
export const INPUT_LIMITS = { config: 4 * 1024 * 1024, record: 64 * 1024 * 1024, trace: 256 * 1024 * 1024 } as const;

export function readInputFile(
  file: string,
  what: string,
  maxBytes: number,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const full = resolveUserPath(file, env);
  let size: number;
  try {
    const st = statSync(full);
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw new CommandError(
      'INPUT_FILE',
      `${file}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)} (${what})`,
      { cause: err },
    );
  }
  if (size > maxBytes)
    throw new CommandError('INPUT_FILE', `${file}: ${what} too large: ${size} bytes, at most ${maxBytes} accepted`);
  try {
    return stripBom(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new CommandError(
      'INPUT_FILE',
      `${file}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)} (${what})`,
      { cause: err },
    );
  }
}
