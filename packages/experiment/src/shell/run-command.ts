/**
 * The `main` of every command of the project: parse, run, map an error to
 * its exit code and one line per problem.
 */
import { CommanderError, type Command } from 'commander';
import { EXIT, exitCodeFor, messageLines } from './exit-codes.js';
import type { Io } from './io.js';

/** Runs the program built by `build` (which receives the exit-code setter its actions use). */
export async function runCommand(
  argv: readonly string[],
  io: Io,
  build: (setExit: (code: number) => void) => Command,
): Promise<number> {
  let code: number = EXIT.ok;
  const program = build((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT.usage;
    for (const line of messageLines(err)) io.err(line);
    return exitCodeFor(err);
  }
}

/** A program whose output goes through `io` and whose parse errors throw (so runCommand maps them). */
export function configureProgram(program: Command, io: Io): Command {
  return program
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

/** `tool ... | head`: a reader that closes early ends the output, not with a stack trace. */
export function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
