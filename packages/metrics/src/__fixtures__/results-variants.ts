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
