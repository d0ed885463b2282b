/**
 * The steady start on the default configs, by `thermal.warmup_steps`. Reference: the steady state
 * of the default run's whole mean activity (30,981 windows), hottest core 76.77 C (measured with
 * predictSteadyStates), and the whole-step prediction of `tasmoe place`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { defaultPlacement } from '@tasmoe/taps';
import { runAll } from '../runner/run-all.js';
import { predictSteadyStates } from './steady-prediction.js';

const configs = path.resolve(import.meta.dirname, '../../../../configs');
const read = (f: string) => readFileSync(path.join(configs, f), 'utf8');

async function start(warmupSteps: number): Promise<{ windows: number; hottestC: number }> {
  const arch = parseConfigText(
    'arch',
    read('arch_8x8_32x32x8.yaml').replace(/^ {2}warmup_steps: \d+.*$/m, `  warmup_steps: ${warmupSteps}`),
  );
  expect(arch.thermal.warmup_steps).toBe(warmupSteps);
  const out = mkdtempSync(path.join(tmpdir(), 'tasmoe-warm-'));
  await runAll({
    configs: {
      arch,
      workload: parseConfigText('workload', read('workload_mixtral_8x7b.yaml')),
      tas: parseConfigText('tas', read('tas_params.yaml')),
    },
    outDir: out,
    scenarios: ['baseline'],
    parallel: 1,
    maxWindows: 2,
    report: false,
  });
  const log = readFileSync(path.join(out, 'baseline', 'run.log'), 'utf8');
  const m = /a (\d+)-window closed-loop warm-up .*hottest core ([\d.]+) C/.exec(log);
  if (m === null) throw new Error('no steady-start line in run.log');
  return { windows: Number(m[1]), hottestC: Number(m[2]) };
}

describe('steady start by thermal.warmup_steps (default configs)', () => {
  it('0: the first 100 windows, part of a decode step, 11 K below the run power; 4: whole steps, at the whole-step prediction', async () => {
    const arch = parseConfigText('arch', read('arch_8x8_32x32x8.yaml'));
    const workload = parseConfigText('workload', read('workload_mixtral_8x7b.yaml'));
    const tas = parseConfigText('tas', read('tas_params.yaml'));
    const [nominal] = predictSteadyStates({ arch, tas, workload }, [defaultPlacement(arch, workload)]);
    if (nominal === undefined) throw new Error('no prediction');
    const partial = await start(0);
    expect(partial.windows).toBe(100);
    expect(76.77 - partial.hottestC).toBeGreaterThan(8);
    const whole = await start(4);
    expect(whole.windows).toBe(nominal.windows);
    // the closed-loop warm-up (TACS in shadow, DVFS, refresh) settles where the dry lowering does
    expect(Math.abs(whole.hottestC - nominal.peakLogicC)).toBeLessThan(0.1);
    expect(Math.abs(whole.hottestC - 76.77)).toBeLessThan(0.5);
  }, 60_000);

  it('the shipped arch configs start from whole decode steps (SPEC: the steady state of the nominal power)', () => {
    for (const f of ['arch_8x8_32x32x8.yaml', 'arch_8x8_32x32x8_cool.yaml', 'arch_8x8_32x32x8_literal.yaml'])
      expect(parseConfigText('arch', read(f)).thermal.warmup_steps, f).toBe(4);
  });
});
