/**
 * Executables written by the file-mode tests: shell stand-ins for the failure
 * paths, and a wrapper that runs our own HotSpot-compatible command through
 * tsx (no build needed).
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot, HOTSPOT_SHIM } from '@tasmoe/thermal/testing';

export function writeExecutable(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A wrapper running @tasmoe/thermal's test/hotspot-shim.mjs (our HotSpot-compatible command), or undefined without tsx. */
export function writeOwnHotspot(dir: string): string | undefined {
  const root = findRepoRoot();
  if (root === undefined) return undefined;
  const loader = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  if (!existsSync(loader)) return undefined;
  return writeExecutable(
    dir,
    'own-hotspot',
    `exec "${process.execPath}" --import "${loader}" --conditions=@tasmoe/source "${HOTSPOT_SHIM}" "$@"`,
  );
}

/** Writes "not a temperature file" into every output file named on its command line, exits 0. */
export const GARBAGE_OUTPUT = [
  'while [ $# -gt 1 ]; do',
  '  case "$1" in -steady_file|-grid_steady_file|-o|-grid_transient_file|-all_transient_file) echo "not a temperature file" > "$2";; esac',
  '  shift 2',
  'done',
].join('\n');
