import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { MAX_WINDOWS, checkRunBudget, thisMachine } from './run-budget.js';

const configs = path.resolve(import.meta.dirname, '../../../../configs');
const read = (f: string) => readFileSync(path.join(configs, f), 'utf8');
function defaults(
  edit: { arch?: (t: string) => string; workload?: (t: string) => string; tas?: (t: string) => string } = {},
) {
  const id = (t: string) => t;
  return {
    arch: parseConfigText('arch', (edit.arch ?? id)(read('arch_8x8_32x32x8.yaml'))),
    workload: parseConfigText('workload', (edit.workload ?? id)(read('workload_mixtral_8x7b.yaml'))),
    tas: parseConfigText('tas', (edit.tas ?? id)(read('tas_params.yaml'))),
  };
}
const machine = { memoryBytes: 16e9, freeDiskBytes: 100e9 };

describe('the run budget: estimated windows, memory and disk against the machine', () => {
  it('the default run passes; its estimate is in the measured range', () => {
    const est = checkRunBudget({ configs: defaults(), scenarios: 4, concurrent: 2 }, machine);
    // run.json of the default run: 30,981 windows (baseline), 66,936 (TAPS); the compute / weight-stream estimate is a lower bound
    expect(est.windows).toBeGreaterThan(20_000);
    expect(est.windows).toBeLessThan(30_981);
    // measured max RSS of run-single --max-windows 5: 159 MB at a 16x16 grid, 572 MB at 256x256 (/usr/bin/time -v)
    expect(est.memoryBytes).toBeGreaterThan(159e6);
    expect(est.memoryBytes).toBeLessThan(1.3 * 159e6);
    const big = checkRunBudget(
      {
        configs: defaults({ arch: (t) => t.replace('grid: [16, 16]', 'grid: [256, 256]') }),
        scenarios: 1,
        concurrent: 1,
      },
      machine,
    );
    expect(big.memoryBytes / 572e6).toBeGreaterThan(0.8);
    expect(big.memoryBytes / 572e6).toBeLessThan(1.3);
  });

  it('too many windows (tiny window_ms x many steps): refused with the estimate and the field; --max-windows lifts it', () => {
    const c = defaults({
      tas: (t) => t.replace('window_ms: 3.0', 'window_ms: 0.01'),
      workload: (t) => t.replace('steps: 125', 'steps: 100000'),
    });
    expect(() => checkRunBudget({ configs: c, scenarios: 4, concurrent: 2 }, machine)).toThrow(
      expect.objectContaining({
        code: 'RUN_TOO_LARGE',
        category: 'input',
        message: expect.stringMatching(
          /about \S+ windows per scenario.*limit of 2000000; driven by tas\.tacs\.window_ms \(0\.01 ms\) and workload\.sequence\.steps \(100000\).*--allow-large/,
        ),
      }),
    );
    const steps = defaults({ workload: (t) => t.replace('steps: 125', 'steps: 1000000') });
    expect(() => checkRunBudget({ configs: steps, scenarios: 4, concurrent: 2 }, machine)).toThrow(
      /driven by tas\.tacs\.window_ms \(3 ms\) and workload\.sequence\.steps \(1000000\)/,
    );
    expect(
      checkRunBudget({ configs: steps, maxWindows: 50, scenarios: 4, concurrent: 2 }, machine).windows,
    ).toBeGreaterThan(MAX_WINDOWS);
  });

  it('too much memory for the machine: refused naming the part that drives it', () => {
    const c = defaults({ arch: (t) => t.replace('grid: [16, 16]', 'grid: [256, 256]') });
    expect(() =>
      checkRunBudget({ configs: c, scenarios: 4, concurrent: 4 }, { memoryBytes: 2e9, freeDiskBytes: undefined }),
    ).toThrow(
      /about 2\.\d GB of memory \(\d{3}\.\d MB per scenario x 4 at once\) on a machine with 2\.0 GB; the largest part is thermal grid 256 x 256 x 19 layers \(423\.\d MB\), driven by arch\.thermal\.grid/,
    );
  });

  it('a window series larger than the free disk is refused', () => {
    expect(() =>
      checkRunBudget({ configs: defaults(), scenarios: 4, concurrent: 2 }, { memoryBytes: 16e9, freeDiskBytes: 1e6 }),
    ).toThrow(/about 17\.6 MB of window series for 4 scenario\(s\), more than the 1\.0 MB free/);
  });

  it('this machine: its memory and the free space of an existing parent of the results folder', () => {
    const m = thisMachine('/tmp/does/not/exist/yet');
    expect(m.memoryBytes).toBeGreaterThan(1e8);
    expect(m.freeDiskBytes).toBeGreaterThan(0);
  });
});
