// The launcher on a scratch workspace: it compiles the sources, runs the entry with its arguments,
// compiles again after any source change or a lost output, and never runs stale code.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..', '..');
const ws = mkdtempSync(path.join(tmpdir(), 'tasmoe-launch-'));
mkdirSync(path.join(ws, 'tooling', 'scripts'), { recursive: true });
copyFileSync(path.join(import.meta.dirname, 'launch.mjs'), path.join(ws, 'tooling', 'scripts', 'launch.mjs'));
// esbuild from the repository's install (the tooling workspace's dependency)
symlinkSync(path.join(repo, 'tooling', 'node_modules'), path.join(ws, 'tooling', 'node_modules'), 'dir');
const app = path.join(ws, 'apps', 'x');
mkdirSync(path.join(app, 'src', 'lib'), { recursive: true });
writeFileSync(path.join(ws, 'package.json'), '{"type":"module"}');
writeFileSync(path.join(app, 'package.json'), '{"name":"x","type":"module"}');
const write = (rel, text) => writeFileSync(path.join(app, 'src', rel), text);
write(
  'bin.ts',
  "import { value } from './lib/value.js';\nconst args: string[] = process.argv.slice(2);\nconsole.log(JSON.stringify({ value, args }));\nprocess.exitCode = args.length;\n",
);
write('lib/value.ts', 'export const value: number = 1;\n');
write('lib/value.test.ts', 'throw new Error("tests are not compiled");\n');
write('lib/asset.mjs', 'export default 1;\n');

const launch = (...args) =>
  spawnSync(process.execPath, [path.join(ws, 'tooling', 'scripts', 'launch.mjs'), 'apps/x/src/bin.ts', ...args], {
    encoding: 'utf8',
  });

afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('launch.mjs', () => {
  it('runs the entry compiled from the sources, with its arguments and exit code', () => {
    const r = launch('a', 'b');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ value: 1, args: ['a', 'b'] });
    expect(r.status).toBe(2);
  });

  it('compiles again when a source changes, even to the same size and an older time', () => {
    write('lib/value.ts', 'export const value: number = 2;\n');
    utimesSync(path.join(app, 'src', 'lib', 'value.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(JSON.parse(launch().stdout).value).toBe(2);
  });

  it('compiles again when an output is missing, and copies the .mjs files of src', () => {
    unlinkSync(path.join(app, 'dist', 'lib', 'value.js'));
    const r = launch();
    expect(JSON.parse(r.stdout).value).toBe(2);
    const asset = spawnSync(process.execPath, [
      '-e',
      `import(${JSON.stringify(path.join(app, 'dist', 'lib', 'asset.mjs'))})`,
    ]);
    expect(asset.status).toBe(0);
  });

  it('a new source file is an input too', () => {
    write('lib/other.ts', 'export const other = 3;\n');
    write('lib/value.ts', "export { other as value } from './other.js';\n");
    expect(JSON.parse(launch().stdout).value).toBe(3);
  });

  it('runs the sources through tsx when an argument is a TypeScript module (a policy file)', () => {
    write('lib/other.ts', 'export const other = 5;\n');
    const r = spawnSync(
      process.execPath,
      [path.join(ws, 'tooling', 'scripts', 'launch.mjs'), 'apps/x/src/bin.ts', 'policy.mts'],
      { encoding: 'utf8', cwd: repo },
    );
    expect(JSON.parse(r.stdout)).toEqual({ value: 5, args: ['policy.mts'] });
    // not compiled for that run
    expect(readFileSync(path.join(app, 'dist', 'lib', 'other.js'), 'utf8')).toMatch(/other = 3/);
  });

  it('refuses an entry that is not a workspace source', () => {
    const r = spawnSync(process.execPath, [path.join(ws, 'tooling', 'scripts', 'launch.mjs'), 'nowhere/bin.ts'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a source file of a workspace/);
  });
});
