/**
 * The whole-stack steady prediction on the default configs (the default placement). Reference:
 * the same prediction over 12 decode steps per lane (3,000 windows), whose steady state is within
 * 0.1 K of the whole run's mean activity (30,981 windows: 76.77 C hottest core, measured).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { defaultPlacement } from '@tasmoe/taps';
import { predictSteadyStates } from './steady-prediction.js';

const configs = path.resolve(import.meta.dirname, '../../../../configs');
const read = (f: string) => readFileSync(path.join(configs, f), 'utf8');
const arch = parseConfigText('arch', read('arch_8x8_32x32x8.yaml'));
const workload = parseConfigText('workload', read('workload_mixtral_8x7b.yaml'));
const tas = parseConfigText('tas', read('tas_params.yaml'));
const placement = defaultPlacement(arch, workload);

describe('predictSteadyState (default configs)', () => {
  const [nominal] = predictSteadyStates({ arch, tas, workload }, [placement]);
  const [long] = predictSteadyStates({ arch, tas, workload, windows: 3000 }, [placement]);
  const [partial] = predictSteadyStates({ arch, tas, workload, windows: 100 }, [placement]);

  it('averages whole decode steps: within 0.5 K of 12 steps per lane, where 100 windows (part of one step) read > 5 K low', () => {
    if (nominal === undefined || long === undefined || partial === undefined) throw new Error('no prediction');
    expect(nominal.windows).toBeGreaterThan(250 * 4 - 50); // ~250 windows a step per lane, 4 steps
    expect(Math.abs(nominal.peakLogicC - long.peakLogicC)).toBeLessThan(0.5);
    expect(Math.abs(nominal.peakDramC - long.peakDramC)).toBeLessThan(0.5);
    expect(long.peakLogicC - partial.peakLogicC).toBeGreaterThan(5);
  });

  it('is a stack above ambient with the DRAM dies, farther from the sink, hotter than the logic die', () => {
    if (nominal === undefined) throw new Error('no prediction');
    expect(nominal.meanLogicC).toBeGreaterThan(arch.thermal.ambient_c);
    expect(nominal.peakLogicC).toBeGreaterThanOrEqual(nominal.meanLogicC);
    expect(nominal.peakDramC).toBeGreaterThan(nominal.peakLogicC);
    expect(nominal.leakageIterations).toBeGreaterThan(1);
  });
});
