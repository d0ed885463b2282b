/**
 * Temp files of a killed run (`<file>.tmp-<pid>-<random>`, atomic-write.ts)
 * are removed when the next run of the folder starts: only those whose
 * process is gone, so a live writer's temp file is never touched.
 */
import { type Dirent, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from './folder-lock.js';

const TEMP_RE = /\.tmp-(\d+)-[a-z0-9]+$/;

/** Removes stale temp files in `dir` and its sub-folders down to `depth`; returns the paths removed. */
export function removeStaleTemps(dir: string, depth = 1): string[] {
  const removed: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (depth > 0) removed.push(...removeStaleTemps(p, depth - 1));
      continue;
    }
    const m = TEMP_RE.exec(e.name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    rmSync(p, { force: true });
    removed.push(p);
  }
  return removed;
}
