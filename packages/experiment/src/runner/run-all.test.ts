/**
 * The experiment loop end to end (seed section 9): on a small config with the
 * lumped thermal double, so the tests are fast and their expectations clear.
 * The real solver runs in the reproduction test (repro.test.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { parseConfigText, type Placement, type ResolvedArchConfig, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { defaultPlacement } from '@tasmoe/taps';
import { generateLogicalTraces } from '@tasmoe/traces';
import { runAll } from './run-all.js';
import { repeatSeed } from './repeats.js';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const thermalModule = path.join(fixtures, 'lumped-thermal.ts');

function load(over: { tas?: string; arch?: string } = {}) {
  const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');
  return {
    arch: parseConfigText('arch', over.arch ?? read('arch.yaml')),
    workload: parseConfigText('workload', read('workload.yaml')),
    tas: parseConfigText('tas', over.tas ?? read('tas.yaml')),
  };
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'tasmoe-run-'));
}

function rowsOf(dir: string, scenario: string): Record<string, string>[] {
  return parse(readFileSync(path.join(dir, scenario, 'tiny-moe.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
}

/** Every expert of the workload on one core (a hand-made hotspot), weights in that core's vault. */
function hotspotPlacement(arch: ResolvedArchConfig, workload: ResolvedWorkloadConfig, core: number): Placement {
  const p = defaultPlacement(arch, workload);
  const experts = Object.fromEntries(
    Object.keys(p.experts).map((e) => [e, { cores: [core], policy: 'single' as const }]),
  );
  const x = (core % arch.mesh.cores[0]) * 2;
  const y = Math.floor(core / arch.mesh.cores[0]) * 2;
  const tensors = Object.fromEntries(
    Object.keys(p.tensors).map((t, i) => [
      t,
      { dram_bank: `B(${x + (i % 2)},${y + (Math.floor(i / 2) % 2)},${Math.floor(i / 4) % 2})` as const },
    ]),
  );
  return { experts, tensors };
}

describe('run-all on a small config', () => {
  it('baseline and TAPS run 5 windows: no NaN, no temperature below ambient', async () => {
    const configs = load();
    const out = tmp();
    await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'taps'],
      parallel: 1,
      maxWindows: 5,
      thermalModule,
      report: false,
    });
    for (const s of ['baseline', 'taps']) {
      const [row] = rowsOf(out, s);
      for (const c of ['T_peak_logic', 'T_peak_dram', 'T_avg', 'ips', 'lat_ms', 'bw_util', 'refresh_mhz', 'noc_load'])
        expect(Number.isFinite(Number(row?.[c])), c).toBe(true);
      const windows = parse(readFileSync(path.join(out, s, 'tiny-moe.windows.csv'), 'utf8'), {
        columns: true,
      }) as Record<string, string>[];
      expect(windows).toHaveLength(5);
      for (const w of windows) {
        for (const c of ['T_peak_logic', 'T_peak_dram', 'T_mean_logic', 'T_mean_dram']) {
          expect(Number(w[c])).toBeGreaterThanOrEqual(configs.arch.thermal.ambient_c - 1e-9);
        }
      }
      expect(readdirSync(path.join(out, s)).sort()).toEqual([
        'placement.json',
        'replica_state.json',
        'run.json',
        'run.log',
        'tiny-moe.csv',
        'tiny-moe.frames.csv',
        'tiny-moe.windows.csv',
      ]);
      const log = readFileSync(path.join(out, s, 'run.log'), 'utf8');
      expect(log).toMatch(/seed 7/);
      expect(log).toMatch(/config snapshot/);
    }
  });

  it('the unified CSV has the ten seed columns first, and the run completes every token', async () => {
    const configs = load();
    const out = tmp();
    const res = await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline'],
      parallel: 1,
      thermalModule,
      report: false,
    });
    const header = readFileSync(path.join(out, 'baseline', 'tiny-moe.csv'), 'utf8').split('\n')[0];
    expect(header?.split(',').slice(0, 10)).toEqual([
      'scenario',
      'workload',
      'T_peak_logic',
      'T_peak_dram',
      'T_avg',
      'ips',
      'lat_ms',
      'bw_util',
      'refresh_mhz',
      'noc_load',
    ]);
    const w = configs.workload;
    expect(res.rows[0]?.tokens).toBe(w.sequence.steps * w.sequence.micro_batch * w.sequence.concurrency);
    expect(res.rows[0]?.steps).toBe(w.sequence.steps * w.sequence.concurrency);
  });

  it('TACS lowers T_peak_logic on a hand-made hotspot (all experts on one core)', async () => {
    const configs = load({
      tas: 'tacs: { window_ms: 1.0, thresholds: { Thot: 50.0, Temg: 75.0 }, min_residency_ms: 3, undo_cooldown_ms: 6 }\n',
    });
    const placement = hotspotPlacement(configs.arch, configs.workload, 5);
    const out = tmp();
    const res = await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'tacs'],
      parallel: 1,
      thermalModule,
      placement,
      report: false,
    });
    const [base, tacs] = res.rows;
    expect(base?.T_peak_logic).toBeGreaterThan(configs.tas.tacs.thresholds.Thot);
    expect(Number(tacs?.reroutes)).toBeGreaterThan(0);
    expect(tacs?.T_peak_logic).toBeLessThan((base?.T_peak_logic ?? 0) - 1);
  });

  it('raising Thot lowers the number of migrations; raising mu lowers the NoC-load increase (closed loop)', async () => {
    const base = load();
    const placement = hotspotPlacement(base.arch, base.workload, 5);
    const run = async (tasYaml: string) => {
      const configs = load({ tas: tasYaml });
      const out = tmp();
      const r = await runAll({
        configs,
        outDir: out,
        scenarios: ['baseline', 'tacs'],
        parallel: 1,
        thermalModule,
        placement,
        report: false,
      });
      return { base: r.rows[0], tacs: r.rows[1] };
    };
    const tas = (thot: number, mu: number) =>
      `taps: { replicate_hot_k: 1 }\ntacs: { window_ms: 1.0, thresholds: { Thot: ${thot}, Temg: 90.0 }, min_residency_ms: 3, undo_cooldown_ms: 6, cost: { mu_noc: ${mu} } }\n`;
    const low = await run(tas(55, 2));
    const high = await run(tas(70, 2));
    const actions = (r: typeof low) => Number(r.tacs?.migrations) + Number(r.tacs?.reroutes);
    expect(Number(low.tacs?.migrations)).toBeGreaterThan(0);
    // the CSV splits migrations by kind: weight moves, replicas created, replicas retired
    const kinds = (r: typeof low) =>
      Number(r.tacs?.weight_moves) + Number(r.tacs?.replicas_created) + Number(r.tacs?.replicas_retired);
    expect(kinds(low)).toBe(Number(low.tacs?.migrations));
    expect(Number(low.tacs?.replicas_created)).toBeGreaterThan(0);
    expect(Number(high.tacs?.migrations)).toBeLessThan(Number(low.tacs?.migrations));
    expect(actions(high)).toBeLessThanOrEqual(actions(low));
    const cheapNoc = await run(tas(55, 0));
    const dearNoc = await run(tas(55, 50));
    const increase = (r: typeof low) => (r.tacs?.noc_load ?? 0) - (r.base?.noc_load ?? 0);
    expect(increase(cheapNoc)).toBeGreaterThan(0);
    expect(increase(dearNoc)).toBeLessThan(increase(cheapNoc));
  });
});

describe('a placement given to the run is checked against the configs', () => {
  it('a core off the mesh or an expert that does not exist is refused before anything runs', async () => {
    const configs = load();
    const p = hotspotPlacement(configs.arch, configs.workload, 5);
    const bad: Placement = {
      ...p,
      experts: { ...p.experts, E1: { cores: [64], policy: 'single' }, E9999: { cores: [0], policy: 'single' } },
    };
    const out = tmp();
    await expect(
      runAll({
        configs,
        outDir: out,
        scenarios: ['baseline'],
        parallel: 1,
        thermalModule,
        placement: bad,
        report: false,
      }),
    ).rejects.toMatchObject({
      code: 'RUN_INPUT_INVALID',
      category: 'input',
      message: expect.stringMatching(
        /experts\.E1\.cores\.0: core 64 is not on the mesh \(cores 0\.\.15\); experts\.E9999: expert E9999 does not exist/,
      ),
    });
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('tacs / tas share the baseline / taps loop while TACS stays idle', () => {
  const FILES = ['tiny-moe.csv', 'tiny-moe.windows.csv', 'tiny-moe.frames.csv', 'placement.json', 'replica_state.json'];
  const manifest = (dir: string, s: string) =>
    JSON.parse(readFileSync(path.join(dir, s, 'run.json'), 'utf8')) as {
      run_id: string;
      derived_from?: string;
      forked_from?: string;
      forked_at_window?: number;
      config_hash: string;
      scenario: string;
      start_check?: Record<string, number>;
    };

  const compare = async (configs: ReturnType<typeof load>, placement?: Placement) => {
    const shared = tmp();
    const separate = tmp();
    const opts = {
      configs,
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 400,
      ...(placement ? { placement } : {}),
    };
    await runAll({ ...opts, outDir: shared });
    await runAll({ ...opts, outDir: separate, shareIdleTacs: false });
    for (const s of ['baseline', 'taps', 'tacs', 'tas']) {
      for (const f of FILES)
        expect(readFileSync(path.join(shared, s, f), 'utf8'), `${s}/${f}`).toBe(
          readFileSync(path.join(separate, s, f), 'utf8'),
        );
      expect(manifest(shared, s).config_hash).toBe(manifest(separate, s).config_hash);
      expect(manifest(shared, s).start_check, `${s} start_check`).toEqual(manifest(separate, s).start_check);
      expect(manifest(separate, s).derived_from).toBeUndefined();
    }
    return shared;
  };

  it('TACS never acts (Thot out of reach): tacs / tas are derived, and every result file equals a separate simulation', async () => {
    const configs = load({ tas: 'tacs: { thresholds: { Thot: 400.0, Temg: 500.0 }, gamma: 0.0 }\n' });
    const shared = await compare(configs);
    expect(manifest(shared, 'tacs').derived_from).toMatch(/^tiny-moe-baseline-/);
    expect(manifest(shared, 'tas').derived_from).toMatch(/^tiny-moe-taps-/);
    expect(readFileSync(path.join(shared, 'tacs', 'run.log'), 'utf8')).toMatch(
      /closed loop shared with run tiny-moe-baseline-/,
    );
    expect(rowsOf(shared, 'tacs')[0]?.scenario).toBe('tacs');
    // a resumed run-all finds the derived scenarios complete
    const again = await runAll({ configs, outDir: shared, parallel: 1, thermalModule, report: false, maxWindows: 400 });
    expect(again.skipped).toEqual(['baseline', 'taps', 'tacs', 'tas']);
  });

  it('TACS acts (hand-made hotspot): tacs / tas are simulated on their own, with the same results as without sharing', async () => {
    const configs = load({
      tas: 'tacs: { window_ms: 1.0, thresholds: { Thot: 50.0, Temg: 75.0 }, min_residency_ms: 3, undo_cooldown_ms: 6 }\n',
    });
    const shared = await compare(configs, hotspotPlacement(configs.arch, configs.workload, 5));
    expect(manifest(shared, 'tacs').derived_from).toBeUndefined();
    expect(Number(rowsOf(shared, 'tacs')[0]?.reroutes)).toBeGreaterThan(0);
  });

  it('TACS first acts late in the measured pass (from ambient): tacs / tas continue from the base run there, with the results of a separate simulation', async () => {
    const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');
    const configs = load({
      arch: read('arch.yaml').replace('thermal: { grid: [8, 8] }', 'thermal: { grid: [8, 8], initial: "ambient" }'),
      tas: 'tacs: { window_ms: 1.0, thresholds: { Thot: 50.0, Temg: 75.0 }, min_residency_ms: 3, undo_cooldown_ms: 6 }\n',
    });
    const shared = await compare(configs, hotspotPlacement(configs.arch, configs.workload, 5));
    for (const [twin, base] of [
      ['tacs', 'baseline'],
      ['tas', 'taps'],
    ] as const) {
      const m = manifest(shared, twin);
      expect(m.derived_from).toBeUndefined();
      expect(m.forked_from).toBe(manifest(shared, base).run_id);
      expect(m.forked_at_window).toBeGreaterThan(0);
      expect(readFileSync(path.join(shared, twin, 'run.log'), 'utf8')).toMatch(
        new RegExp(`continued from run ${m.forked_from} .* at window ${m.forked_at_window} of the measured pass`),
      );
    }
    expect(Number(rowsOf(shared, 'tacs')[0]?.reroutes)).toBeGreaterThan(0);
    // the same from a recorded trace parsed on two threads: the twin's physicalizer opens its own reader
    const traces = tmp();
    await generateLogicalTraces(configs.workload, traces);
    const replayed = tmp();
    await runAll({
      configs,
      outDir: replayed,
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 400,
      placement: hotspotPlacement(configs.arch, configs.workload, 5),
      tracesDir: traces,
      traceThreads: 2,
    });
    for (const s of ['tacs', 'tas'])
      for (const f of FILES)
        expect(readFileSync(path.join(replayed, s, f), 'utf8'), `replayed ${s}/${f}`).toBe(
          readFileSync(path.join(shared, s, f), 'utf8'),
        );
    expect(manifest(replayed, 'tas').forked_at_window).toBe(manifest(shared, 'tas').forked_at_window);
    // a back end whose state cannot be copied: no fork, the twins run on their own, same files
    const unforked = tmp();
    await runAll({
      configs,
      outDir: unforked,
      parallel: 1,
      thermalModule: path.join(fixtures, 'uncopyable-thermal.ts'),
      report: false,
      maxWindows: 400,
      placement: hotspotPlacement(configs.arch, configs.workload, 5),
    });
    for (const s of ['baseline', 'taps', 'tacs', 'tas'])
      for (const f of FILES)
        expect(readFileSync(path.join(unforked, s, f), 'utf8'), `unforked ${s}/${f}`).toBe(
          readFileSync(path.join(shared, s, f), 'utf8'),
        );
    expect(manifest(unforked, 'tas').forked_from).toBeUndefined();
    expect(readFileSync(path.join(unforked, 'taps', 'run.log'), 'utf8')).toMatch(/could not be copied \(cannot copy/);
  });
});

describe('reproducibility and resume', () => {
  it('same seed and configs give byte-identical CSVs, in-process and in parallel worker threads', async () => {
    const configs = load();
    const a = tmp();
    const b = tmp();
    await runAll({ configs, outDir: a, parallel: 1, thermalModule, report: false });
    await runAll({ configs, outDir: b, parallel: 2, thermalModule, report: false });
    for (const s of ['baseline', 'taps', 'tacs', 'tas']) {
      for (const f of ['tiny-moe.csv', 'tiny-moe.windows.csv', 'tiny-moe.frames.csv', 'placement.json']) {
        expect(readFileSync(path.join(b, s, f), 'utf8'), `${s}/${f}`).toBe(readFileSync(path.join(a, s, f), 'utf8'));
      }
    }
  });

  it('a second run-all with the same arguments skips complete scenarios; a changed config reruns them', async () => {
    const configs = load();
    const out = tmp();
    await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'tacs'],
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 20,
    });
    const again = await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'tacs'],
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 20,
    });
    expect(again.skipped).toEqual(['baseline', 'tacs']);
    rmSync(path.join(out, 'tacs', 'run.json'));
    const partial = await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'tacs'],
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 20,
    });
    expect(partial.skipped).toEqual(['baseline']);
    const changed = load({
      tas: readFileSync(path.join(fixtures, 'small', 'tas.yaml'), 'utf8').replace('Thot: 60.0', 'Thot: 61.0'),
    });
    // results of another configuration are refused, and replaced only on request
    await expect(
      runAll({
        configs: changed,
        outDir: out,
        scenarios: ['baseline'],
        parallel: 1,
        thermalModule,
        report: false,
        maxWindows: 20,
      }),
    ).rejects.toThrow(/holds results of another configuration \(baseline, tacs/);
    const rerun = await runAll({
      configs: changed,
      outDir: out,
      scenarios: ['baseline'],
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 20,
      force: true,
    });
    expect(rerun.skipped).toEqual([]);
  });
});

describe('repeats', () => {
  it('--repeats 2: one row per repeat on derived seeds, repeat folders, summary.csv with paired differences', async () => {
    const out = tmp();
    const configs = load();
    const res = await runAll({
      configs,
      outDir: out,
      scenarios: ['baseline', 'tacs'],
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 60,
      repeats: 2,
    });
    expect(res.rows.map((r) => r.scenario)).toEqual(['baseline', 'baseline', 'tacs', 'tacs']);
    const rows = parse(readFileSync(path.join(out, 'baseline', 'tiny-moe.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r.seed)).toEqual([
      String(configs.workload.routing.seed),
      String(repeatSeed(configs.workload.routing.seed, 1)),
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'baseline',
      'repeat-0',
      'repeat-1',
      'run-all.json',
      'summary.csv',
      'tacs',
    ]);
    // repeat 0 is the plain run on the workload's own seed
    const plain = await runAll({
      configs,
      outDir: tmp(),
      scenarios: ['baseline'],
      parallel: 1,
      thermalModule,
      report: false,
      maxWindows: 60,
    });
    expect(res.rows[0]).toEqual(plain.rows[0]);
    const summary = readFileSync(path.join(out, 'summary.csv'), 'utf8').trim().split('\n');
    const tacsPeak = summary.find((l) => l.startsWith('tacs,tiny-moe,T_peak_logic,'))?.split(',');
    expect(tacsPeak?.[6]).toBe('2');
    // TACS stays idle here, so tacs equals baseline in each repeat: the paired difference is exactly 0
    expect(tacsPeak?.slice(7)).toEqual(['0', '0', '0']);
  });
});
