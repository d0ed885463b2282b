import path from 'node:path';

/**
 * The folder the user ran the command from. Under `pnpm tasmoe ...` the process
 * runs in the repo root and pnpm passes the user's folder as INIT_CWD.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD !== undefined && env.npm_lifecycle_event !== undefined ? env.INIT_CWD : process.cwd();
}

export function resolveUserPath(p: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(userCwd(env), p);
}

/** The repository root (where configs/ lives), for default config paths. */
export function repoRoot(): string {
  return path.resolve(import.meta.dirname, '..', '..', '..', '..');
}
