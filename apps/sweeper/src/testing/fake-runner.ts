/**
 * A stand-in for run-all in tests and benches: writes what run-all writes
 * for each scenario (metrics CSV through @tasmoe/metrics, window CSV, run.log,
 * run.json, then run-all.json), with numbers that are a deterministic function
 * of the point's configs, so two executors running one sweep must produce
 * byte-identical CSVs.
 *
 * Knobs (environment, so they reach worker threads and worker processes):
 *   TASMOE_FAKE_RUNNER_DELAY_MS  wall time per scenario (abortable), default 0
 *   TASMOE_FAKE_RUNNER_BUSY_MS   CPU time per scenario (a busy loop: a CPU-bound simulation, for scaling benches), default 0
 * A point whose workload.model starts with "fail" throws (failure handling).
 * Like run-all with resume, a scenario whose metrics CSV exists is not run
 * again; every scenario it does run is appended to <outDir>/fake-runner.log.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import {
  createMetricsAccumulator,
  metricsCsv,
  windowMetricsCsvHeader,
  windowMetricsCsvRows,
  type WindowMetrics,
} from '@tasmoe/metrics';
import type { Scenario } from '@tasmoe/schemas';
import { writeFileAtomic } from '@tasmoe/experiment';
import type { PointRunner } from '../runner/point-runner.js';
import type { SweepPoint } from '../sweep/point.js';
import { metricsCsvPath } from '../store/layout.js';

const SCENARIO_COOLING: Record<string, number> = {
  baseline: 0,
  taps: 3,
  tacs: 2,
  tas: 4.5,
  eplb: 0.5,
  'eplb-tacs': 2.5,
};

/** A deterministic value in [0, 1) from an integer (seed jitter without randomness). */
function jitter(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

function fakeWindows(point: SweepPoint, scenario: Scenario): WindowMetrics[] {
  const { tas, workload, arch } = point.configs;
  const windowMs = tas.tacs.window_ms;
  const hot =
    62 +
    8 * workload.routing.zipf_s +
    0.1 * tas.tacs.thresholds.Thot -
    (SCENARIO_COOLING[scenario] ?? 0) +
    2 * jitter(workload.routing.seed);
  const nominal = arch.dvfs.domains[0]?.steps_ghz[0] ?? 2;
  const out: WindowMetrics[] = [];
  for (let w = 0; w < 5; w++) {
    const T = hot + 0.4 * w;
    const freq = T > tas.tacs.thresholds.Thot ? nominal * 0.9 : nominal;
    out.push({
      win: w,
      t_start_ms: w * windowMs,
      t_end_ms: (w + 1) * windowMs,
      T_peak_logic: T,
      T_peak_dram: T - 4,
      T_mean_logic: T - 9,
      T_mean_dram: T - 12,
      T_var_core: 3 + workload.routing.zipf_s,
      tokens: Math.round(workload.sequence.micro_batch * freq * 4),
      steps_done: 4,
      lat_sum_ms: 4 * windowMs * (nominal / freq),
      lat_max_ms: windowMs * 1.3,
      dram_bytes: 1e9 * freq,
      dram_capacity_bytes: 4e9,
      refresh_mhz: T > 85 ? 1.02 : 0.51,
      noc_flit_hops: 1e6 * (1 + tas.tacs.cost.mu_noc / 10),
      noc_capacity_flit_hops: 1e7,
      freq_mean_ghz: freq,
      throttled_fraction: freq < nominal ? 1 : 0,
      migrations: scenario === 'tacs' || scenario === 'tas' ? 1 : 0,
      reroutes: scenario === 'tacs' || scenario === 'tas' ? 2 : 0,
      weight_moves: 0,
      replicas_created: scenario === 'tacs' || scenario === 'tas' ? 1 : 0,
      replicas_retired: 0,
      energy_j: 0.05 * windowMs,
      power_logic_w: 40,
      power_dram_w: 10,
      banks_touched: 512,
      expert_tasks: 40,
      expert_compute_ms: 0.2 / freq,
      expert_weight_read_ms: 4,
    });
  }
  return out;
}

/** Keep one core busy for `ms` (the work a real scenario does, minus the physics). */
function burn(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) for (let i = 0; i < 10_000; i++) x = (x * 1103515245 + 12345) % 2147483648;
  return x;
}

export const runPoint: PointRunner = async (point, outDir, signal) => {
  const delayMs = Number(process.env.TASMOE_FAKE_RUNNER_DELAY_MS ?? 0);
  const busyMs = Number(process.env.TASMOE_FAKE_RUNNER_BUSY_MS ?? 0);
  const rows = [];
  for (const scenario of point.scenarios) {
    const csv = metricsCsvPath(outDir, scenario, point.workloadName);
    if (existsSync(csv)) continue;
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    if (busyMs > 0) burn(busyMs);
    signal.throwIfAborted();
    if (point.workloadName.startsWith('fail'))
      throw new Error(`fake runner: workload "${point.workloadName}" fails on purpose`);
    const dir = path.join(outDir, scenario);
    const windows = fakeWindows(point, scenario);
    const acc = createMetricsAccumulator({ scenario, workload: point.workloadName });
    for (const w of windows) acc.add(w, [w.lat_sum_ms / w.steps_done]);
    const row = acc.result();
    rows.push(row);
    writeFileAtomic(path.join(dir, 'windows.csv'), windowMetricsCsvHeader() + windowMetricsCsvRows(windows));
    writeFileAtomic(path.join(dir, 'run.log'), `fake run of ${scenario} for point ${point.id}\n`);
    writeFileAtomic(path.join(dir, 'run.json'), `${JSON.stringify({ scenario, point: point.id, fake: true })}\n`);
    writeFileAtomic(csv, metricsCsv([row]));
    appendFileSync(path.join(outDir, 'fake-runner.log'), `${scenario}\n`);
  }
  writeFileAtomic(path.join(outDir, 'run-all.json'), `${JSON.stringify({ scenarios: point.scenarios, fake: true })}\n`);
  return { rows, skipped: [], outDir };
};
