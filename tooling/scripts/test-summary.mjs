// Runs every workspace package's tests to the end (a failing package does not
// stop the others), then prints one line per package and the total:
//
//   @tasmoe/schemas        103 passed, 0 failed, 0 skipped   (4.2 s)
//   ...
//   Tests: 1234 passed, 0 failed, 3 skipped
//
// The output of a package's test run is shown only when it failed; skipped
// suites are listed with the reason their names give ("(SKIPPED: ...)").
// Exits 1 when any test or test file failed. Usage:
//   node tooling/scripts/test-summary.mjs [--concurrency N] [--root DIR] [package-name ...]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..', '..');
const vitest = path.join(repo, 'node_modules', 'vitest', 'vitest.mjs');
let root = repo;

function parseArgs(argv) {
  const only = [];
  let concurrency = Math.max(1, Math.min(2, availableParallelism()));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--concurrency') concurrency = Math.max(1, Number(argv[++i]) || 1);
    else if (argv[i] === '--root') root = path.resolve(argv[++i]);
    else only.push(argv[i]);
  }
  return { only, concurrency };
}

/** Workspace packages (packages/*, apps/*, tooling) whose test script is `vitest run ...`. */
function workspaces(only) {
  const out = [];
  const dirs = [
    ...['packages', 'apps'].flatMap((g) =>
      existsSync(path.join(root, g))
        ? readdirSync(path.join(root, g))
            .sort()
            .map((d) => path.join(root, g, d))
        : [],
    ),
    path.join(root, 'tooling'),
  ];
  for (const dir of dirs) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const script = pkg.scripts?.test;
    if (typeof script !== 'string' || (only.length > 0 && !only.includes(pkg.name))) continue;
    if (!/^vitest run\b/.test(script))
      throw new Error(`${pkg.name}: test script "${script}" is not "vitest run ..."; teach test-summary.mjs to run it`);
    out.push({ name: pkg.name, dir, args: script.split(/\s+/).slice(2) });
  }
  return out;
}

function runOne(ws, scratch) {
  const report = path.join(scratch, `${ws.name.replace(/[^a-z0-9]+/gi, '_')}.json`);
  const args = [vitest, 'run', ...ws.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ws.dir,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ ws, code: code ?? 1, output, report, seconds: (Date.now() - t0) / 1000 }));
  });
}

/** Counts of one package from vitest's JSON report; a file that failed to load counts as one failure. */
function countsOf(run) {
  if (!existsSync(run.report))
    return { passed: 0, failed: 1, skipped: 0, reasons: [], note: `no test report (exit ${run.code})` };
  const r = JSON.parse(readFileSync(run.report, 'utf8'));
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  const reasons = new Set();
  for (const f of r.testResults ?? []) {
    for (const a of f.assertionResults ?? []) {
      if (a.status !== 'skipped' && a.status !== 'pending' && a.status !== 'todo') continue;
      const m = /\(SKIPPED: ([^)]*)\)/.exec([...(a.ancestorTitles ?? []), a.title ?? ''].join(' '));
      reasons.add(m === null ? `${path.relative(root, f.name)}: no reason given` : m[1]);
    }
  }
  const failed = (r.numFailedTests ?? 0) + brokenFiles;
  return {
    passed: r.numPassedTests ?? 0,
    failed: failed === 0 && run.code !== 0 ? 1 : failed,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    reasons: [...reasons],
    note: failed === 0 && run.code !== 0 ? `vitest exited ${run.code}` : undefined,
  };
}

async function main() {
  const { only, concurrency } = parseArgs(process.argv.slice(2));
  const list = workspaces(only);
  const scratch = mkdtempSync(path.join(tmpdir(), 'tasmoe-test-summary-'));
  const runs = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, list.length) }, async () => {
      while (next < list.length) runs.push(await runOne(list[next++], scratch));
    }),
  );
  runs.sort((a, b) => list.indexOf(a.ws) - list.indexOf(b.ws));
  const total = { passed: 0, failed: 0, skipped: 0 };
  const width = Math.max(...list.map((w) => w.name.length));
  const lines = [];
  for (const run of runs) {
    const c = countsOf(run);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    if (c.failed > 0) process.stdout.write(`\n----- ${run.ws.name} (failed) -----\n${run.output}\n`);
    lines.push(
      `${run.ws.name.padEnd(width)}  ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped  (${run.seconds.toFixed(1)} s)${c.note ? `  [${c.note}]` : ''}`,
    );
    for (const reason of c.reasons) lines.push(`${''.padEnd(width)}    skipped: ${reason}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(
    `${lines.join('\n')}\nTests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`,
  );
  process.exitCode = total.failed > 0 ? 1 : 0;
}

await main();
