/**
 * Writes the report's fixture results folder `results-small/` in the layout of
 * `tasmoe run-all`: a synthetic but physically plausible small run (hot
 * experts -> hot cores -> DVFS throttling, DRAM above hotter than logic,
 * TAPS spreading heat, TACS migrating). Deterministic: no randomness.
 * The TAPS placement is real output of `tasmoe place` on workload-small.yaml.
 * Run: npx tsx --conditions=@tasmoe/source packages/metrics/src/__fixtures__/make-results-small.ts
 * (The lead replaces this folder with a real small run's output once run-all exists.)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfigText, PlacementSchema, type Placement, type Scenario } from '@tasmoe/schemas';
import { formatNumber, metricsCsv, windowMetricsCsvHeader, windowMetricsCsvRows } from '../csv.js';
import { createMetricsAccumulator } from '../reduce.js';
import type { WindowMetrics } from '../window-metrics.js';

const here = import.meta.dirname;
const repo = path.resolve(here, '../../../..');
const out = path.join(here, 'results-small');
const arch = parseConfigText('arch', readFileSync(path.join(repo, 'configs/arch_8x8_32x32x8.yaml'), 'utf8'));
const tas = parseConfigText('tas', readFileSync(path.join(repo, 'configs/tas_params.yaml'), 'utf8'));
const workload = parseConfigText('workload', readFileSync(path.join(here, 'workload-small.yaml'), 'utf8'));
const name = workload.model;
const COLS = 8;
const ROWS = 8;
const CORES = COLS * ROWS;
const DRAM = 8;
const WIN_MS = tas.tacs.window_ms;
const FRAME_EVERY = 5;
// Tuned so the baseline crosses the DVFS trip points and TAPS/TACS visibly help.
const HEAT_W = 14;
const experts = workload.moe.layers * workload.moe.experts_per_layer;

function defaultPlacement(): Placement {
  const e: Placement['experts'] = {};
  const t: Placement['tensors'] = {};
  for (let n = 0; n < experts; n++) {
    const core = n % CORES;
    e[`E${n}`] = { cores: [core], policy: 'single' };
    t[`W_E${n}_0`] = { dram_bank: `B(${(core % COLS) * 4},${Math.floor(core / COLS) * 4},0)` };
  }
  return PlacementSchema.parse({ experts: e, tensors: t, meta: { method: 'default', note: 'round-robin experts over cores, shards in the vault under their core' } });
}
const tapsPlacement = PlacementSchema.parse(JSON.parse(readFileSync(path.join(here, 'taps-placement.json'), 'utf8')));

// Zipf heat of the expert at `index` within its layer (the workload's routing skew).
const zipf = Array.from({ length: workload.moe.experts_per_layer }, (_, i) => 1 / (i + 1) ** workload.routing.zipf_s);
const zipfSum = zipf.reduce((a, b) => a + b, 0);

function corePower(p: Placement): Float64Array {
  const w = new Float64Array(CORES).fill(0.35);
  for (const [id, ep] of Object.entries(p.experts)) {
    const n = Number(id.slice(1));
    const heat = (HEAT_W * workload.routing.topk * (zipf[n % workload.moe.experts_per_layer] ?? 0)) / zipfSum / workload.moe.layers;
    for (const c of ep.cores) w[c] = (w[c] ?? 0) + heat / ep.cores.length;
  }
  return w;
}

function blur(p: Float64Array, sigma: number): Float64Array {
  const out = new Float64Array(CORES);
  for (let k = 0; k < CORES; k++) {
    const r = Math.floor(k / COLS);
    const c = k % COLS;
    let s = 0;
    let ws = 0;
    for (let j = 0; j < CORES; j++) {
      const d2 = (Math.floor(j / COLS) - r) ** 2 + ((j % COLS) - c) ** 2;
      const w = Math.exp(-d2 / (2 * sigma * sigma));
      s += w * (p[j] ?? 0);
      ws += w;
    }
    // Edge cells lose heat sideways too: a mild edge-cooling factor.
    const edge = r === 0 || c === 0 || r === ROWS - 1 || c === COLS - 1 ? 0.93 : 1;
    out[k] = (s / ws) * edge;
  }
  return out;
}

interface ScenarioDef {
  readonly scenario: Scenario;
  readonly placement: Placement;
  readonly tacs: boolean;
}

const SCENARIOS: readonly ScenarioDef[] = [
  { scenario: 'baseline', placement: defaultPlacement(), tacs: false },
  { scenario: 'taps', placement: tapsPlacement, tacs: false },
  { scenario: 'tacs', placement: defaultPlacement(), tacs: true },
  { scenario: 'tas', placement: tapsPlacement, tacs: true },
];

const TOKENS_TOTAL = workload.sequence.steps * workload.sequence.micro_batch;
const AMB = arch.thermal.ambient_c;
const trips = arch.dvfs.domains[0]?.trip_c ?? [80, 85, 90];
const steps = arch.dvfs.domains[0]?.steps_ghz ?? [2, 1.8, 1.6, 1.2];

function simulate(def: ScenarioDef) {
  const p0 = corePower(def.placement);
  let logic = new Float64Array(CORES);
  let dram = Array.from({ length: DRAM }, () => new Float64Array(CORES));
  const windows: WindowMetrics[] = [];
  const latencies: number[][] = [];
  const frames: string[] = [];
  let tokensLeft = TOKENS_TOTAL;
  let spread = 0; // fraction of hot-core work TACS has moved to cooler neighbours
  let migrationsTotal = 0;
  let stepCarry = 0;
  for (let w = 0; tokensLeft > 0; w++) {
    const t0 = w * WIN_MS;
    const t1 = t0 + WIN_MS;
    const warm = 1 - 0.25 * Math.exp(-t1 / 40);
    const pw = new Float64Array(CORES);
    const smooth = blur(p0, 1.6);
    for (let k = 0; k < CORES; k++) pw[k] = ((1 - spread) * (p0[k] ?? 0) + spread * (smooth[k] ?? 0)) * warm * (1 + 0.04 * Math.sin(0.37 * w + k));
    const targetL = blur(pw, 1.1);
    const targetD = blur(pw, 1.7);
    const a = 1 - Math.exp(-WIN_MS / 35);
    const nextL = new Float64Array(CORES);
    for (let k = 0; k < CORES; k++) {
      const target = AMB + 18 + 11.5 * (targetL[k] ?? 0);
      nextL[k] = w === 0 ? AMB + 18 + 8.5 * (targetL[k] ?? 0) : (logic[k] ?? 0) + a * (target - (logic[k] ?? 0));
    }
    logic = nextL;
    dram = dram.map((layer, d) => {
      const next = new Float64Array(CORES);
      for (let k = 0; k < CORES; k++) {
        const target = AMB + 19.5 + 1.1 * (d + 1) + 10.2 * (targetD[k] ?? 0);
        next[k] = w === 0 ? AMB + 19 + 1.1 * (d + 1) + 7.5 * (targetD[k] ?? 0) : (layer[k] ?? 0) + a * 0.8 * (target - (layer[k] ?? 0));
      }
      return next;
    });
    // DVFS: one step down per trip point passed.
    let freqSum = 0;
    let throttled = 0;
    for (let k = 0; k < CORES; k++) {
      const passed = trips.filter((tc) => (logic[k] ?? 0) >= tc).length;
      freqSum += steps[passed] ?? 2;
      if (passed > 0) throttled++;
    }
    const freqMean = freqSum / CORES;
    // The hottest cores gate the step: throughput follows their frequency.
    const peakL = Math.max(...logic);
    const peakD = Math.max(...dram.map((l) => Math.max(...l)));
    const slow = (steps[trips.filter((tc) => peakL >= tc).length] ?? 2) / (steps[0] ?? 2);
    const stepMs = 0.74 / slow;
    stepCarry += WIN_MS / stepMs;
    const stepsDone = Math.min(Math.floor(stepCarry), Math.ceil(tokensLeft / workload.sequence.micro_batch));
    stepCarry -= stepsDone;
    const tokens = Math.min(tokensLeft, stepsDone * workload.sequence.micro_batch);
    tokensLeft -= tokens;
    const lat = Array.from({ length: stepsDone }, (_, i) => stepMs * (1 + 0.06 * Math.sin(w * 1.7 + i)));
    latencies.push(lat);
    let migrations = 0;
    let reroutes = 0;
    if (def.tacs && peakL > tas.tacs.thresholds.Thot && w % 2 === 0) {
      migrations = Math.min(tas.tacs.max_parallel_migrations, 1 + Math.floor((peakL - tas.tacs.thresholds.Thot) / 2));
      reroutes = 3 + (w % 5);
      migrationsTotal += migrations;
      spread = Math.min(0.75, 0.55 * (1 - Math.exp(-migrationsTotal / 20)) + 0.002 * w);
    }
    const meanL = logic.reduce((s, v) => s + v, 0) / CORES;
    const meanD = dram.reduce((s, l) => s + l.reduce((x, v) => x + v, 0) / CORES, 0) / DRAM;
    const varCore = logic.reduce((s, v) => s + (v - meanL) ** 2, 0) / CORES;
    // Mean refresh multiplier over the vaults (each refreshes at its own temperature's rate).
    let multSum = 0;
    for (const l of dram) for (const v of l) multSum += arch.refresh.tref_curve.reduce((m, [tc, mult]) => (v >= tc ? mult : m), 1);
    const refreshMult = multSum / (DRAM * CORES);
    const pLogic = pw.reduce((s, v) => s + v, 0) * (freqMean / 2);
    const pDram = 6.5 + 0.08 * refreshMult;
    const dramCap = 2.9e8 * (1 - arch.refresh.trfc_ns * 1e-9 * (refreshMult / (arch.refresh.tref_base_us * 1e-6)));
    windows.push({
      win: w,
      t_start_ms: t0,
      t_end_ms: t1,
      T_peak_logic: peakL,
      T_peak_dram: peakD,
      T_mean_logic: meanL,
      T_mean_dram: meanD,
      T_var_core: varCore,
      tokens,
      steps_done: stepsDone,
      lat_sum_ms: lat.reduce((s, v) => s + v, 0),
      lat_max_ms: Math.max(0, ...lat),
      dram_bytes: tokens * 5.2e6 + stepsDone * 2.1e5,
      dram_capacity_bytes: dramCap,
      refresh_mhz: refreshMult / arch.refresh.tref_base_us,
      noc_flit_hops: tokens * 410 + migrations * 4000 + reroutes * 900,
      noc_capacity_flit_hops: 1.5e5,
      freq_mean_ghz: freqMean,
      throttled_fraction: throttled / CORES,
      migrations,
      reroutes,
      weight_moves: migrations,
      replicas_created: 0,
      replicas_retired: 0,
      energy_j: ((pLogic + pDram) * WIN_MS) / 1000,
      power_logic_w: pLogic,
      power_dram_w: pDram,
      banks_touched: Math.min(8192, 64 + tokens * 12),
      expert_tasks: stepsDone * 64,
      expert_compute_ms: stepsDone * 64 * 0.004,
      expert_weight_read_ms: stepsDone * 64 * 0.09,
    });
    if (w % FRAME_EVERY === 0) {
      const line = (layer: string, cells: Float64Array) => [w, formatNumber(t1), layer, ...Array.from(cells, (v) => formatNumber(Math.round(v * 1000) / 1000))].join(',');
      frames.push(line('logic', logic));
      dram.forEach((l, d) => frames.push(line(`dram${d}`, l)));
    }
    if (w > 5000) throw new Error('fixture simulation does not finish');
  }
  return { windows, latencies, frames };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const created = '2025-01-15T12:00:00.000Z';
writeFileSync(
  path.join(out, 'run-all.json'),
  `${JSON.stringify({ workload: name, scenarios: SCENARIOS.map((s) => s.scenario), mesh: { cols: COLS, rows: ROWS }, dram_layers: DRAM, window_ms: WIN_MS, configs: { arch, workload, tas }, created }, null, 2)}\n`,
);
for (const def of SCENARIOS) {
  const dir = path.join(out, def.scenario);
  mkdirSync(dir, { recursive: true });
  const { windows, latencies, frames } = simulate(def);
  // No per-window compute events here, so expert_load_max_mean stays empty (a real run has it).
  const acc = createMetricsAccumulator({ scenario: def.scenario, workload: name }, { thotC: tas.tacs.thresholds.Thot });
  windows.forEach((w, i) => acc.add(w, latencies[i]));
  writeFileSync(path.join(dir, `${name}.csv`), metricsCsv([acc.result()]));
  writeFileSync(path.join(dir, `${name}.windows.csv`), windowMetricsCsvHeader() + windowMetricsCsvRows(windows));
  const header = ['win', 't_ms', 'layer', ...Array.from({ length: CORES }, (_, k) => `c${k}`)].join(',');
  writeFileSync(path.join(dir, `${name}.frames.csv`), `${header}\n${frames.join('\n')}\n`);
  writeFileSync(path.join(dir, 'placement.json'), `${JSON.stringify(def.placement, null, 2)}\n`);
  writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify({ run_id: `${name}-${def.scenario}-fixture`, scenario: def.scenario, workload: name, seed: workload.routing.seed, windows: windows.length, created, fixture: true }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'run.log'), `${created} INFO fixture run of ${def.scenario} (${windows.length} windows, seed ${workload.routing.seed}); synthetic data for report tests\n`);
  console.log(def.scenario, windows.length, 'windows', acc.result().T_peak_logic.toFixed(1), acc.result().T_peak_dram.toFixed(1), Math.round(acc.result().ips));
}
