/**
 * The sweeper bin as a child process, as `pnpm sweeper ...` runs it: from the
 * repo root with INIT_CWD = the user's folder, through tsx with the
 * @tasmoe/source condition. Node loads tsx itself (`--import tsx`) rather than
 * through the tsx launcher, which would put a second process in between and a
 * SIGKILL would hit the launcher, not the worker.
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT, SWEEPER_BIN } from './fixtures.js';

export interface SweeperChild {
  readonly pid: number;
  readonly code: Promise<number | null>;
  stderr(): string;
  kill(sig: NodeJS.Signals): void;
}

export function sweeperChild(args: readonly string[], userDir: string, env: NodeJS.ProcessEnv = {}): SweeperChild {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@tasmoe/source', SWEEPER_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, INIT_CWD: userDir, npm_lifecycle_event: 'sweeper', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.resume();
  const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { pid: child.pid ?? -1, code, stderr: () => err, kill: (sig) => void child.kill(sig) };
}

export async function until(cond: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
