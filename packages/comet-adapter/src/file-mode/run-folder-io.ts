/**
 * The file mode's only fs / process helpers: a private run folder, its files,
 * locating the binary, and running it with a timeout. The binary runs in its
 * own process group (through `setsid` where the system has it), and the whole
 * group is killed when the run ends: a timed-out binary's children (a script's
 * `sleep`, a solver's helpers) do not outlive it.
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { CometAdapterError } from '../errors.js';

/** Creates a fresh private folder under `root` (default the OS temp folder). */
export function createRunFolder(root: string = tmpdir(), prefix = 'tasmoe-hotspot-'): string {
  try {
    mkdirSync(root, { recursive: true });
    return mkdtempSync(join(root, prefix));
  } catch (err) {
    throw new CometAdapterError('THERMAL_IO', `cannot create a run folder under ${root}: ${(err as Error).message}`, {
      cause: err,
      file: root,
    });
  }
}

export function removeRunFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeRunFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new CometAdapterError('THERMAL_IO', `cannot write ${path}: ${(err as Error).message}`, {
      cause: err,
      file: path,
    });
  }
  return path;
}

/** Text of a run-folder file, or undefined when it does not exist. */
export function readRunFile(dir: string, name: string): string | undefined {
  const path = join(dir, name);
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8');
}

export function removeRunFile(dir: string, name: string): void {
  rmSync(join(dir, name), { force: true });
}

export function renameRunFile(dir: string, from: string, to: string): void {
  renameSync(join(dir, from), join(dir, to));
}

/**
 * Absolute path of an executable: a path (relative to `cwd`) or a bare name
 * looked up on PATH. Undefined when there is no such executable file.
 */
export function resolveExecutable(
  nameOrPath: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const candidates =
    nameOrPath.includes('/') || isAbsolute(nameOrPath)
      ? [resolve(cwd, nameOrPath)]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter((d) => d !== '')
          .map((d) => join(d, nameOrPath));
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) {
        accessSync(c, constants.X_OK);
        return c;
      }
    } catch {
      // not this one
    }
  }
  return undefined;
}

export interface BinaryRun {
  /** Exit status, or null when killed by a signal. */
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Set when the process could not be started at all (e.g. ENOENT, EACCES). */
  readonly spawnError: Error | undefined;
}

/** `setsid` (util-linux), which starts a program as the leader of a new process group; undefined where there is none. */
let setsidPath: string | null | undefined = null;
export function setsidCommand(): string | undefined {
  if (setsidPath === null)
    setsidPath = process.platform === 'win32' ? undefined : resolveExecutable('setsid', process.env);
  return setsidPath;
}

/** Kills the process group `pgid` (the binary and every child it left), if any of it is left. */
function killGroup(pgid: number | undefined): void {
  if (pgid === undefined || pgid <= 0) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone
  }
}

/** Runs `binary args` in `cwd` in its own process group, waiting at most `timeoutMs` (then SIGKILL to the whole group). */
export function runBinary(
  binary: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): BinaryRun {
  const setsid = setsidCommand();
  // setsid execs the binary in place (the child is no group leader, so it does not fork): its pid is the group's id
  const [cmd, argv] = setsid === undefined ? [binary, [...args]] : [setsid, [binary, ...args]];
  const r = spawnSync(cmd, argv, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (setsid !== undefined) killGroup(r.pid);
  const err = r.error as (Error & { code?: string }) | undefined;
  const timedOut = err?.code === 'ETIMEDOUT';
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    timedOut,
    spawnError: err !== undefined && !timedOut ? err : undefined,
  };
}
