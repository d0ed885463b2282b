/**
 * Per-window cost of the loop's embedded thermal step by grid and integrator (not a unit
 * test): the bench:loop power sequence (loop-power-sequence.ts), `--windows=N` windows
 * (default 1,000) of 3 ms from the first window's steady state, at 16x16, 32x32 and 64x64,
 * with the loop's rational settings (LOOP_SOLVER_DEFAULTS) and with the modal integrator.
 * Also prints the largest block-mean and layer-peak differences of each run against the
 * 64x64 modal run (resolution + time-integration error of the loop's thermal numbers).
 * Run from packages/thermal:  npx tsx --conditions=@tasmoe/source bench/loop-grid.bench.ts
 */
import { createEmbeddedArchBackend } from '../src/index.js';
import { arch, DT, fill, power } from './loop-power-sequence.js';

const windows = Number(process.argv.find((a) => a.startsWith('--windows='))?.slice(10) ?? 1000);
interface Run {
  ms: number;
  factorMs: number;
  blocks: Float64Array[];
  peaks: Float64Array[];
}
function run(grid: number, integrator: 'modal' | 'rational'): Run {
  const be = createEmbeddedArchBackend(arch, { grid: [grid, grid], integrator, reuseSnapshotArrays: true });
  power.fill(0.0013);
  be.steady(fill(0));
  be.simulator.prepare(DT);
  const blocks: Float64Array[] = [],
    peaks: Float64Array[] = [];
  const t0 = performance.now();
  for (let w = 0; w < windows; w++) {
    const s = be.step(fill(w), DT);
    if (w % 10 === 9) {
      blocks.push(Float64Array.from(s.blockTempsK));
      peaks.push(Float64Array.from(s.layerPeakK));
    }
  }
  return { ms: (performance.now() - t0) / windows, factorMs: be.simulator.factorMs, blocks, peaks };
}
function maxDiff(a: Float64Array[], b: Float64Array[]): number {
  let m = 0;
  a.forEach((r, i) => r.forEach((v, k) => (m = Math.max(m, Math.abs(v - (b[i] as Float64Array)[k]!)))));
  return m;
}
const ref = run(64, 'modal');
for (const g of [16, 32, 64]) {
  for (const integ of ['rational', 'modal'] as const) {
    const r = g === 64 && integ === 'modal' ? ref : run(g, integ);
    console.log(
      `${g}x${g} ${integ.padEnd(8)}: ${r.ms.toFixed(3)} ms/window (factor ${r.factorMs.toFixed(0)} ms); vs 64x64 modal: blocks ${maxDiff(r.blocks, ref.blocks).toFixed(3)} K, layer peaks ${maxDiff(r.peaks, ref.peaks).toFixed(3)} K`,
    );
  }
}
