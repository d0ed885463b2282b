/** Shared by the sweeper's tests and bench: the tiny sweep, the fake runner's URL, temp folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runnerRefFrom, type RunnerRef } from '../runner/point-runner.js';

export const TINY_SWEEP = path.resolve(import.meta.dirname, '..', '__fixtures__', 'tiny-2x2.yaml');

export const FAKE_RUNNER: RunnerRef = runnerRefFrom(
  path.resolve(import.meta.dirname, `fake-runner${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`),
);

export function tempDir(tag: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `tasmoe-sweeper-${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The repository root and the sweeper's bin (run from source under tsx). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
export const SWEEPER_BIN = path.join(REPO_ROOT, 'apps', 'sweeper', 'src', 'bin.ts');
