/**
 * Variants of the fixture results folder, written into a copy (test helper):
 * - derived: tacs is baseline's run, as run-all writes it when TACS, evaluated
 *   in shadow on the baseline run, never acts (files copied, run.json
 *   derived_from the baseline run);
 * - repeats: every scenario's CSV holds three rows (one per repeat) with the
 *   peaks and throughput moved by fixed, hand-picked amounts.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURE_DIR = path.join(import.meta.dirname, 'results-small');
export const FIXTURE_WORKLOAD = 'mixtral-small';
const W = FIXTURE_WORKLOAD;

export function copyFixture(dir: string): void {
  cpSync(FIXTURE_DIR, dir, { recursive: true });
}

/** Make `<dir>/tacs` a copy of baseline's results, marked derived_from the baseline run. */
export function makeTacsDerived(dir: string): void {
  for (const f of [`${W}.windows.csv`, `${W}.frames.csv`, 'placement.json']) cpSync(path.join(dir, 'baseline', f), path.join(dir, 'tacs', f));
  const csv = readFileSync(path.join(dir, 'baseline', `${W}.csv`), 'utf8').replace(/\nbaseline,/, '\ntacs,');
  writeFileSync(path.join(dir, 'tacs', `${W}.csv`), csv);
  const base = JSON.parse(readFileSync(path.join(dir, 'baseline', 'run.json'), 'utf8')) as { run_id: string };
  const run = { ...base, scenario: 'tacs', run_id: `${W}-tacs-fixture`, derived_from: base.run_id };
  writeFileSync(path.join(dir, 'tacs', 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
}

/** Offsets of the three repeats: T_peak_logic / T_peak_dram by dT (K), ips by dIps (tokens/s). */
export const REPEAT_OFFSETS = [
  { dT: 0, dIps: 0 },
  { dT: 0.3, dIps: -120 },
  { dT: -0.2, dIps: 90 },
] as const;

/** Three rows per scenario CSV: the fixture's row moved by REPEAT_OFFSETS. */
export function makeRepeats(dir: string, scenarios: readonly string[] = ['baseline', 'taps', 'tacs', 'tas']): void {
  for (const s of scenarios) {
    const file = path.join(dir, s, `${W}.csv`);
    const [header = '', row = ''] = readFileSync(file, 'utf8').trim().split('\n');
    const cols = header.split(',');
    const cells = row.split(',');
    const rows = REPEAT_OFFSETS.map(({ dT, dIps }) =>
      cols
        .map((c, i) => {
          const v = cells[i] ?? '';
          if (c === 'T_peak_logic' || c === 'T_peak_dram') return String(Number(v) + dT);
          if (c === 'ips') return String(Number(v) + dIps);
          return v;
        })
        .join(','),
    );
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
  }
}

/**
 * An eplb scenario's T_peak_logic minus baseline's, per repeat (K): mean +0.083, 95 % interval
 * about +-1.25, so the paired difference is within noise; its other columns are taps's.
 */
export const EPLB_REPEAT_DT = [-0.45, 0.55, 0.15] as const;

/** An `eplb` scenario folder (taps's files, scenario eplb) listed in run-all.json, with three repeat rows. */
export function makeEplbRepeats(dir: string): void {
  cpSync(path.join(dir, 'taps'), path.join(dir, 'eplb'), { recursive: true });
  const file = path.join(dir, 'eplb', `${W}.csv`);
  const base = readFileSync(path.join(dir, 'baseline', `${W}.csv`), 'utf8').trim().split('\n');
  const [header = '', row = ''] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const cells = row.split(',');
  const baseCells = (base[1] ?? '').split(',');
  const rows = EPLB_REPEAT_DT.map((dT, r) =>
    cols
      .map((c, i) => {
        if (c === 'scenario') return 'eplb';
        // T_peak_logic: baseline's repeat-r value + dT (so the paired difference is dT)
        if (c === 'T_peak_logic') return String(Number(baseCells[i]) + (REPEAT_OFFSETS[r]?.dT ?? 0) + dT);
        if (c === 'T_peak_dram') return String(Number(cells[i]) + (REPEAT_OFFSETS[r]?.dT ?? 0));
        if (c === 'ips') return String(Number(cells[i]) + (REPEAT_OFFSETS[r]?.dIps ?? 0));
        return cells[i] ?? '';
      })
      .join(','),
  );
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
  const run = JSON.parse(readFileSync(path.join(dir, 'eplb', 'run.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(dir, 'eplb', 'run.json'), `${JSON.stringify({ ...run, scenario: 'eplb', run_id: `${W}-eplb-fixture` }, null, 2)}\n`);
  const all = JSON.parse(readFileSync(path.join(dir, 'run-all.json'), 'utf8')) as { scenarios: string[] };
  writeFileSync(path.join(dir, 'run-all.json'), `${JSON.stringify({ ...all, scenarios: [...all.scenarios, 'eplb'] }, null, 2)}\n`);
}
