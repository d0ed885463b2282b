/** What run.log and run.json record about the software that produced a result. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGES = [
  'schemas',
  'traces',
  'taps',
  'tacs',
  'physicalizer',
  'thermal',
  'comet-adapter',
  'metrics',
  'experiment',
] as const;

function repoRoot(): string {
  return path.resolve(import.meta.dirname, '..', '..', '..', '..');
}

export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of PACKAGES) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'packages', p, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      out[pkg.name] = pkg.version;
    } catch {
      out[`@tasmoe/${p}`] = 'unknown';
    }
  }
  try {
    const cli = JSON.parse(readFileSync(path.join(repoRoot(), 'apps', 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    out['@tasmoe/cli'] = cli.version;
  } catch {
    // a relocated build without its package.json: versions of the libraries are enough
  }
  return out;
}

/** The git commit of the checkout, with "-dirty" when it has uncommitted changes; undefined outside git. */
export function gitCommit(): string | undefined {
  try {
    const opts = {
      cwd: repoRoot(),
      stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8' as const,
      timeout: 5000,
    };
    const head = execFileSync('git', ['rev-parse', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return undefined;
  }
}
