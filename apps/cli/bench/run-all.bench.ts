/**
 * Wall time of the README's main job, `tasmoe run-all` on the default configs, as whole processes
 * (boot, trace generation, placement, both loops, report): the speed figure of record. Each run
 * writes a fresh temp folder (no resume). Runs alternate with and without the report so that a
 * drift in machine speed hits both alike; the figure quoted is the median.
 * Run: pnpm --filter @tasmoe/cli bench   (BENCH_RUNALL_REPEATS=N, default 3; BENCH_RUNALL_ARGS="...")
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const repeats = Number(process.env.BENCH_RUNALL_REPEATS ?? 3);
const extra = (process.env.BENCH_RUNALL_ARGS ?? '').split(/\s+/).filter((a) => a.length > 0);
const TARGET_S = 20;

function runOnce(args: readonly string[]): number {
  const out = mkdtempSync(path.join(tmpdir(), 'tasmoe-runall-bench-'));
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      // what `pnpm tasmoe` runs (the README's main job)
      'tooling/scripts/launch.mjs',
      'apps/cli/src/bin.ts',
      'run-all',
      '--no-resume',
      '--out',
      out,
      ...args,
      ...extra,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  const s = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`run-all exited ${String(r.status)}: ${r.stderr.slice(-2000)}`);
  return s;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const full: number[] = [];
const noReport: number[] = [];
const load0 = loadavg()[0] ?? 0;
for (let i = 0; i < repeats; i++) {
  full.push(runOnce([]));
  noReport.push(runOnce(['--no-report']));
  console.log(`run ${i + 1}/${repeats}: run-all ${full[i]?.toFixed(2)} s, --no-report ${noReport[i]?.toFixed(2)} s`);
}
const mf = median(full);
const mn = median(noReport);
console.log(
  `run-all (default configs, report included): median ${mf.toFixed(2)} s wall over ${repeats} runs ` +
    `(min ${Math.min(...full).toFixed(2)}, max ${Math.max(...full).toFixed(2)}); target < ${TARGET_S} s: ` +
    `${(mf / TARGET_S).toFixed(3)} of it`,
);
console.log(`run-all --no-report: median ${mn.toFixed(2)} s; the report costs ${(mf - mn).toFixed(2)} s`);
console.log(`load average 1 min: ${load0.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end`);
