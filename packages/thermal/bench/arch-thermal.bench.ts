/**
 * Thermal back end of the experiment loop (not a unit test). Run from packages/thermal:
 *   npx -y pnpm@10.34.0 bench:arch      (= tsx --conditions=@tasmoe/source bench/arch-thermal.bench.ts)
 *
 * 1. Speed: one 3 ms `step()` of the arch stack through createEmbeddedArchBackend (block
 *    powers in, block means + per-layer peak/mean out) and `steady()` (fresh back end:
 *    stack + grid model + factorisation + solve + outputs), for the default arch
 *    (configs/arch_8x8_32x32x8.yaml: 8 DRAM dies + 8 bonds + logic + TIM + spreader +
 *    sink) at 16x16 / 32x32 / 64x64 and the literal arch, with the loop's solver
 *    settings and with the exact ones. Targets (issue 5): step <= 0.3 ms, steady < 1 s.
 * 2. Accuracy of each setting against the full model (64x64, die + bond layers, 6
 *    exact stages) over 60 windows of 3 ms with changing core and bank powers, from
 *    the steady state of a nominal power.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText, type ResolvedArchConfig, type ThermalBackend } from '@tasmoe/schemas';
import { createEmbeddedArchBackend, type EmbeddedArchBackendOptions } from '../src/index.js';
import { findRepoRoot } from '../test/reference-dir.js';

const root = findRepoRoot() ?? '.';
const load = (f: string): ResolvedArchConfig =>
  parseConfigText('arch', readFileSync(join(root, 'configs', f), 'utf8'), f);
const def = load('arch_8x8_32x32x8.yaml');
const literal = load('arch_8x8_32x32x8_literal.yaml');
const N = 64 + 8192;
const quick = process.argv.includes('--quick');

// deterministic power sequence: nominal ~0.3-0.5 W cores, 2-12 mW banks, hot experts switching every 10 windows
let seed = 12345;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const nominal = new Float64Array(N).fill(0.004);
nominal.fill(0.5, 0, 64);
const windows: Float64Array[] = [];
for (let w = 0; w < 60; w++) {
  const p = Float64Array.from(nominal);
  for (let c = 0; c < 64; c++) p[c] = 0.2 + 2.5 * rnd() ** 3;
  if (w % 20 < 10) {
    p[27] = 4;
    p[0] = 4;
    p[9] = 3;
  }
  for (let b = 64; b < N; b++) p[b] = 0.002 + 0.01 * rnd() ** 4;
  windows.push(p);
}

const LOOP: EmbeddedArchBackendOptions = {};
const EXACT: EmbeddedArchBackendOptions = { tiers: 'layers', stages: 5, coupledStages: 5 };

function timeSteps(be: ThermalBackend): { median: number; best: number } {
  be.steady(nominal);
  let k = 0;
  const one = (): void => void be.step(windows[k++ % windows.length] as Float64Array, 3e-3);
  for (let i = 0; i < 300; i++) one();
  const per: number[] = [];
  const batches = quick ? 8 : 20,
    reps = 100;
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) one();
    per.push(((performance.now() - t0) / reps) * 1000);
  }
  per.sort((a, b) => a - b);
  return { median: per[Math.floor(per.length / 2)] as number, best: per[0] as number };
}

function timeSteady(arch: ResolvedArchConfig, opts: EmbeddedArchBackendOptions): number {
  const ts: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    createEmbeddedArchBackend(arch, opts).steady(nominal);
    ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[1] as number;
}

const rows: string[][] = [
  ['arch', 'grid', 'solver', 'step median', 'step best', 'vs 0.3 ms', 'steady (fresh)', 'vs 1 s'],
];
const speedCases: [string, ResolvedArchConfig, number, string, EmbeddedArchBackendOptions][] = [
  ['default', def, 16, 'loop', LOOP],
  ['default', def, 16, 'loop, reused arrays', { ...LOOP, reuseSnapshotArrays: true }],
  ['default', def, 16, 'exact', EXACT],
  ['default', def, 32, 'loop', LOOP],
  ['default', def, 32, 'exact', EXACT],
  ['default', def, 64, 'loop', LOOP],
  ['default', def, 64, 'exact', EXACT],
  ['literal', literal, 16, 'loop', LOOP],
  ['literal', literal, 32, 'loop', LOOP],
];
for (const [name, arch, n, label, opts] of speedCases) {
  if (quick && n === 64) continue;
  const o = { ...opts, grid: [n, n] as const };
  const s = timeSteps(createEmbeddedArchBackend(arch, o));
  const st = timeSteady(arch, o);
  rows.push([
    name,
    `${n}x${n}`,
    label,
    `${(s.median / 1000).toFixed(3)} ms`,
    `${(s.best / 1000).toFixed(3)} ms`,
    `${(s.median / 300).toFixed(2)}x`,
    `${st.toFixed(0)} ms`,
    `${(st / 1000).toFixed(2)}x`,
  ]);
}
const print = (t: string[][]): void => {
  const w = (t[0] ?? []).map((_, c) => Math.max(...t.map((r) => (r[c] ?? '').length)));
  for (const r of t) console.log(r.map((v, c) => v.padEnd(w[c] ?? 0)).join('  '));
};
console.log(
  'SPEED (loop = composite tiers, 4 stages, package edge coupling exact in stage 1; exact = die + bond layers, 5 exact stages;',
);
console.log(
  '       reused arrays = reuseSnapshotArrays, no 8,256-value allocation per step). Medians of batches of 100 steps.',
);
print(rows);

if (!quick) {
  const run = (opts: EmbeddedArchBackendOptions): Float64Array[] => {
    const be = createEmbeddedArchBackend(def, opts);
    const out: Float64Array[] = [];
    const keep = (s: { blockTempsK: Float64Array; layerPeakK: Float64Array }): void =>
      void out.push(Float64Array.from([...s.blockTempsK, ...s.layerPeakK]));
    keep(be.steady(nominal));
    for (const p of windows) keep(be.step(p, 3e-3));
    return out;
  };
  const ref = run({ tiers: 'layers', stages: 6, coupledStages: 6, grid: [64, 64] });
  const acc: string[][] = [['grid', 'solver', 'steady max |dT|', 'transient: cores', 'banks', 'layer peaks']];
  const accCases: [number, string, EmbeddedArchBackendOptions][] = [
    [64, 'loop', LOOP],
    [32, 'exact', EXACT],
    [32, 'loop', LOOP],
    [16, 'exact', EXACT],
    [16, 'loop', LOOP],
    [16, 'composite, 4 exact stages', { stages: 4, coupledStages: 4 }],
    [16, 'composite, 5 exact stages', { stages: 5, coupledStages: 5 }],
    [16, 'composite, 4 stages, 0 coupled', { stages: 4, coupledStages: 0 }],
    [8, 'loop', LOOP],
  ];
  for (const [n, label, opts] of accCases) {
    const r = run({ ...opts, grid: [n, n] });
    let es = 0,
      ec = 0,
      eb = 0,
      ep = 0;
    r.forEach((v, i) => {
      const f = ref[i] as Float64Array;
      for (let k = 0; k < v.length; k++) {
        const d = Math.abs((v[k] as number) - (f[k] as number));
        if (i === 0) es = Math.max(es, d);
        else if (k < 64) ec = Math.max(ec, d);
        else if (k < N) eb = Math.max(eb, d);
        else ep = Math.max(ep, d);
      }
    });
    acc.push([
      `${n}x${n}`,
      label,
      `${es.toFixed(3)} K`,
      `${ec.toFixed(3)} K`,
      `${eb.toFixed(3)} K`,
      `${ep.toFixed(3)} K`,
    ]);
  }
  console.log(
    '\nACCURACY vs the full model (64x64, die + bond layers, 6 exact stages), block means and per-layer peaks, max over 60 windows',
  );
  print(acc);
  const last = ref[ref.length - 1] as Float64Array;
  console.log(
    `(reference temperatures: cores ${(Math.min(...last.subarray(0, 64)) - 273.15).toFixed(1)}..${(Math.max(...last.subarray(0, 64)) - 273.15).toFixed(1)} C, layer peaks ${[...last.subarray(N)].map((v) => (v - 273.15).toFixed(1)).join(' ')} C)`,
  );
}
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${(await import('node:os'))
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
