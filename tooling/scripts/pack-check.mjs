// Packs each publishable package (after `turbo run build`), installs the
// tarballs into a scratch npm project and imports every package from it, so a
// broken `exports`, a missing `files` entry or a workspace: range that did not
// get rewritten fails here rather than for a user.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const pnpmVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const only = process.argv.slice(2);
const dirs = readdirSync(path.join(root, 'packages'))
  .map((d) => path.join(root, 'packages', d))
  .filter((d) => {
    const pkg = JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8'));
    return !pkg.private && (only.length === 0 || only.includes(pkg.name));
  });

const scratch = mkdtempSync(path.join(tmpdir(), 'tasmoe-pack-'));
const tarballs = dirs.map((d) => {
  const out = run('npx', ['-y', `pnpm@${pnpmVersion}`, 'pack', '--pack-destination', scratch], d)
    .trim()
    .split('\n')
    .pop();
  return path.isAbsolute(out) ? out : path.join(scratch, path.basename(out));
});
writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], scratch);
const names = dirs.map((d) => JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')).name);
const probe = names
  .map(
    (n, i) => `import * as m${i} from '${n}';\nconsole.log('pack-check: ${n}', Object.keys(m${i}).length, 'exports');`,
  )
  .join('\n');
writeFileSync(path.join(scratch, 'probe.mjs'), `${probe}\n`);
process.stdout.write(run('node', ['probe.mjs'], scratch));
