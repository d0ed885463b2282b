/**
 * Locates the HotSpot reference data: `<repo root>/../shared/reference/hotspot`,
 * the repo root being the nearest ancestor holding pnpm-workspace.yaml.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findRepoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** For a git worktree (`.git` is a file), the main checkout's root; else undefined. */
function mainCheckoutRoot(root: string): string | undefined {
  const dotGit = join(root, '.git');
  try {
    if (!statSync(dotGit).isFile()) return undefined;
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (m === null || m[1] === undefined) return undefined;
    // <main>/.git/worktrees/<name> -> <main>
    return resolve(root, m[1].trim(), '..', '..', '..');
  } catch {
    return undefined;
  }
}

const root = findRepoRoot();
/**
 * Absolute path of the reference folder, or undefined when it is absent:
 * $TASMOE_HOTSPOT_REFERENCE, else `<repo root>/../shared/reference/hotspot`,
 * else (in a git worktree) the same path beside the main checkout.
 */
export const REFERENCE_DIR: string | undefined = (() => {
  const candidates: string[] = [];
  const env = process.env.TASMOE_HOTSPOT_REFERENCE;
  if (env !== undefined && env !== '') candidates.push(resolve(env));
  if (root !== undefined) {
    candidates.push(resolve(root, '..', 'shared', 'reference', 'hotspot'));
    const main = mainCheckoutRoot(root);
    if (main !== undefined) candidates.push(resolve(main, '..', 'shared', 'reference', 'hotspot'));
  }
  return candidates.find((p) => existsSync(join(p, 'a_uniform', 'stack.lcf')));
})();

export const REFERENCE_SKIP_REASON = `HotSpot reference data not found at <repo root>/../shared/reference/hotspot (looked from ${root ?? 'no pnpm-workspace.yaml found'}); skipping the HotSpot comparison tests`;
