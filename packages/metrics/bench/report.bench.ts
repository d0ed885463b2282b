/**
 * Report build time and page size on a full-size results folder: 4 scenarios x 30,000 windows
 * (the default Mixtral run is ~90 s of simulated time at 3 ms windows) and 240 heat-map frames of
 * 9 layers each. The folder is synthesised in a temp dir (deterministic numbers, no simulator).
 * Run: pnpm --filter @tasmoe/metrics bench
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCENARIOS } from '@tasmoe/schemas';
import { metricsCsv, windowMetricsCsvHeader, windowMetricsCsvRows } from '../src/csv.js';
import { reduceWindowMetrics } from '../src/reduce.js';
import type { WindowMetrics } from '../src/window-metrics.js';
import { buildReport } from '../src/report/build-report.js';
import { readResults } from '../src/report/results-io.js';
import { reportModel } from '../src/report/report-model.js';

const WINDOWS = 30_000;
const FRAMES = 240;
const CELLS = 64;
const W = 'mixtral-8x7b';
const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-bench-'));

const t0 = performance.now();
writeFileSync(
  path.join(dir, 'run-all.json'),
  JSON.stringify({
    workload: W,
    scenarios: SCENARIOS,
    mesh: { cols: 8, rows: 8 },
    dram_layers: 8,
    window_ms: 3,
    configs: {},
    created: 'bench',
  }),
);
SCENARIOS.forEach((scenario, si) => {
  const sdir = path.join(dir, scenario);
  mkdirSync(sdir);
  const ws: WindowMetrics[] = Array.from({ length: WINDOWS }, (_, i) => {
    const T = 70 + 15 * (1 - Math.exp(-i / 3000)) - 2 * si + Math.sin(i / 37);
    return {
      win: i,
      t_start_ms: 3 * i,
      t_end_ms: 3 * i + 3,
      T_peak_logic: T,
      T_peak_dram: T + 3,
      T_mean_logic: T - 10,
      T_mean_dram: T - 6,
      T_var_core: 10,
      tokens: 32 + (i % 3),
      steps_done: 1,
      lat_sum_ms: 2.9,
      lat_max_ms: 2.9,
      dram_bytes: 1e9,
      dram_capacity_bytes: 1.6e9,
      refresh_mhz: 0.5 + 0.01 * Math.sin(i / 500),
      noc_flit_hops: 1e4,
      noc_capacity_flit_hops: 1.5e5,
      freq_mean_ghz: 2 - 0.01 * (i % 5),
      throttled_fraction: 0.05,
      migrations: si >= 2 && i % 50 === 0 ? 1 : 0,
      reroutes: si >= 2 && i % 20 === 0 ? 2 : 0,
      weight_moves: si >= 2 && i % 50 === 0 ? 1 : 0,
      replicas_created: 0,
      replicas_retired: 0,
      energy_j: 0.15,
      power_logic_w: 40,
      power_dram_w: 10,
      banks_touched: 512,
      expert_tasks: 40,
      expert_compute_ms: 0.2,
      expert_weight_read_ms: 4,
    };
  });
  writeFileSync(path.join(sdir, `${W}.csv`), metricsCsv([reduceWindowMetrics({ scenario, workload: W }, ws)]));
  writeFileSync(path.join(sdir, `${W}.windows.csv`), windowMetricsCsvHeader() + windowMetricsCsvRows(ws));
  const lines = [['win', 't_ms', 'layer', ...Array.from({ length: CELLS }, (_, k) => `c${k}`)].join(',')];
  for (let f = 0; f < FRAMES; f++) {
    const win = Math.round((f * (WINDOWS - 1)) / (FRAMES - 1));
    for (const layer of ['logic', ...Array.from({ length: 8 }, (_, d) => `dram${d}`)]) {
      lines.push(
        [
          win,
          3 * win + 3,
          layer,
          ...Array.from({ length: CELLS }, (_, k) => (70 + 10 * Math.sin(k + f / 10 + si)).toFixed(3)),
        ].join(','),
      );
    }
  }
  writeFileSync(path.join(sdir, `${W}.frames.csv`), `${lines.join('\n')}\n`);
});
const tGen = performance.now() - t0;

const t1 = performance.now();
const bundle = readResults(dir);
const tRead = performance.now() - t1;
const t2 = performance.now();
const model = reportModel(bundle);
const tModel = performance.now() - t2;
const t3 = performance.now();
const htmlOnly = await buildReport(dir, { svg: false, generatedAt: 'bench' });
const tHtml = performance.now() - t3;
const t4 = performance.now();
const full = await buildReport(dir, { generatedAt: 'bench' });
const tFull = performance.now() - t4;
const svgs = full.figures.filter((f) => f.endsWith('.svg')).length;
const mb = (f: string) => (statSync(f).size / 1e6).toFixed(2);

const series = model.datasets.series?.length ?? 0;
console.log(
  `results: 4 scenarios x ${WINDOWS} windows, ${FRAMES} frames x 9 layers (synthesised in ${(tGen / 1000).toFixed(1)} s)`,
);
console.log(`read + parse CSVs:          ${tRead.toFixed(0)} ms`);
console.log(
  `figures model (downsample): ${tModel.toFixed(0)} ms; series points ${series} (${series / 4} per scenario, target <= 1000)`,
);
console.log(`report.html only:           ${tHtml.toFixed(0)} ms; page ${mb(htmlOnly.html)} MB`);
console.log(`report.html + ${svgs} SVG + ${svgs} PNG: ${tFull.toFixed(0)} ms`);
if (process.env.KEEP === undefined) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
