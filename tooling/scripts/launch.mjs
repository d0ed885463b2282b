#!/usr/bin/env node
/**
 * Runs a workspace app (`pnpm tasmoe ...`) from JavaScript compiled from the current sources, so
 * that no thread of the run (the command, run-all's scenario and report workers) loads its ~400
 * modules through a TypeScript loader: under tsx that was ~0.7-1 s of CPU per thread.
 *
 * Each workspace's src/ is transpiled file by file with esbuild (the transform tsx itself applies,
 * same target and tsconfig) into its dist/, the layout `tsc -p tsconfig.build.json` writes and the
 * packages' `exports` point at, and the .mjs/.cjs/.json files of src/ are copied beside them. A
 * manifest of every input (path, size, mtime: sources, package.json and tsconfig files, this file)
 * decides: any difference, or a missing output, and everything is compiled again (~0.5 s), so the
 * run is always the sources as they are. TASMOE_FROM_SOURCE=1, or an argument naming a .ts/.mts/.cts
 * file (a TypeScript policy module), runs the sources through tsx instead.
 *
 * Usage: node tooling/scripts/launch.mjs <workspace>/src/<entry>.ts [args...]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..', '..');
const [entryArg, ...args] = process.argv.slice(2);
if (entryArg === undefined || !entryArg.endsWith('.ts')) {
  process.stderr.write('usage: node tooling/scripts/launch.mjs <workspace>/src/<entry>.ts [args...]\n');
  process.exit(2);
}
const entry = path.resolve(root, entryArg);

// a TypeScript module named on the command line (a --policy or --thermal-module file) needs the
// TypeScript loader in every thread: such a run goes from the sources, as before
const tsArgument = args.some((a) => /\.[cm]?ts$/.test(a));
if (process.env.TASMOE_FROM_SOURCE === '1' || tsArgument) {
  const r = spawnSync(process.execPath, ['--import', 'tsx/esm', '--conditions=@tasmoe/source', entry, ...args], {
    cwd: process.cwd(),
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

// one manifest per checkout (node_modules may be shared through a link)
const MANIFEST = path.join(
  root,
  'node_modules',
  '.cache',
  'tasmoe',
  `dist-manifest-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.json`,
);
const ASSET = /\.(mjs|cjs|json)$/;
const SOURCE = /\.ts$/;
// what the packages' tsconfig.build.json files exclude: tests, fixtures, test helpers, benchmarks
const NOT_BUILT = /\.test\.ts$|\.d\.ts$|\.bench\.ts$|(^|\/)(__fixtures__|__testing__)\/|^testing\//;

/** Workspaces with a src/ folder (packages/*, apps/*). */
function workspaces() {
  const out = [];
  for (const group of ['packages', 'apps']) {
    const dir = path.join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const ws = path.join(dir, name);
      if (existsSync(path.join(ws, 'package.json')) && existsSync(path.join(ws, 'src'))) out.push(ws);
    }
  }
  return out;
}

/** Files under dir, recursively, in a stable order. */
function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const stamp = (f) => {
  const s = statSync(f);
  return `${s.size}:${s.mtimeMs}`;
};

/** Inputs (path -> stamp), the files to transpile and to copy, each with its output path. */
function plan() {
  const inputs = {};
  const compile = [];
  const copy = [];
  const note = (f) => {
    inputs[path.relative(root, f)] = stamp(f);
  };
  note(import.meta.filename);
  note(path.join(root, 'package.json'));
  const shared = path.join(root, 'tooling', 'tsconfig');
  if (existsSync(shared)) for (const f of walk(shared, [])) note(f);
  for (const ws of workspaces()) {
    note(path.join(ws, 'package.json'));
    for (const t of readdirSync(ws).filter((n) => /^tsconfig.*\.json$/.test(n))) note(path.join(ws, t));
    const src = path.join(ws, 'src');
    for (const f of walk(src, [])) {
      const rel = path.relative(src, f);
      if (NOT_BUILT.test(rel)) continue;
      const out = path.join(ws, 'dist', rel);
      if (SOURCE.test(rel)) {
        note(f);
        compile.push({ in: f, out: out.replace(SOURCE, '.js') });
      } else if (ASSET.test(rel)) {
        note(f);
        copy.push({ in: f, out });
      }
    }
  }
  return { inputs, compile, copy };
}

function upToDate(p) {
  let old;
  try {
    old = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  const a = old.inputs ?? {};
  const keys = Object.keys(p.inputs);
  if (keys.length !== Object.keys(a).length) return false;
  for (const k of keys) if (a[k] !== p.inputs[k]) return false;
  for (const f of [...p.compile, ...p.copy]) if (!existsSync(f.out)) return false;
  return true;
}

async function compileAll(p) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: p.compile.map((f) => ({ in: f.in, out: f.out.replace(/\.js$/, '') })),
    outdir: root,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'linked',
    logLevel: 'error',
  });
  for (const f of p.copy) {
    mkdirSync(path.dirname(f.out), { recursive: true });
    copyFileSync(f.in, f.out);
  }
  mkdirSync(path.dirname(MANIFEST), { recursive: true });
  const tmp = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ inputs: p.inputs }));
  renameSync(tmp, MANIFEST);
}

const p = plan();
const target = p.compile.find((f) => f.in === entry);
if (target === undefined) {
  process.stderr.write(`launch: ${entryArg} is not a source file of a workspace\n`);
  process.exit(2);
}
if (!upToDate(p)) await compileAll(p);
process.argv = [process.argv[0] ?? process.execPath, target.out, ...args];
await import(pathToFileURL(target.out).href);
