import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { runAll } from './run-all.js';
import { endIdleScenarioWorkers, startScenarioWorkers } from './scenario-workers.js';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const thermalModule = path.join(fixtures, 'lumped-thermal.ts');
const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');
const configs = () => ({
  arch: parseConfigText('arch', read('arch.yaml')),
  workload: parseConfigText('workload', read('workload.yaml')),
  tas: parseConfigText('tas', read('tas.yaml')),
});

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tasmoe-early-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await endIdleScenarioWorkers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scenario workers started ahead of their jobs', () => {
  it('run the jobs they are sent: the same files as workers started with them', async () => {
    const a = tmp();
    const b = tmp();
    await runAll({ configs: configs(), outDir: a, parallel: 2, thermalModule, report: false, maxWindows: 20 });
    startScenarioWorkers(2);
    await runAll({ configs: configs(), outDir: b, parallel: 2, thermalModule, report: false, maxWindows: 20 });
    for (const s of ['baseline', 'taps', 'tacs', 'tas'])
      for (const f of ['tiny-moe.csv', 'tiny-moe.windows.csv', 'placement.json'])
        expect(readFileSync(path.join(b, s, f), 'utf8'), `${s}/${f}`).toBe(readFileSync(path.join(a, s, f), 'utf8'));
  });

  it('a run that takes none of them (one lane, in-process) ends them', async () => {
    startScenarioWorkers(1);
    const out = tmp();
    await runAll({
      configs: configs(),
      outDir: out,
      scenarios: ['baseline'],
      thermalModule,
      report: false,
      maxWindows: 5,
    });
    // nothing left to end: the run ended the worker no lane took
    await expect(endIdleScenarioWorkers()).resolves.toBeUndefined();
    expect(readFileSync(path.join(out, 'baseline', 'tiny-moe.csv'), 'utf8')).toContain('baseline');
  });
});
