/**
 * Round trip of a recorded trace: the generator's own export, replayed with
 * --traces, gives byte-identical result CSVs to the generated run (every
 * scenario, the whole workload, with the lumped thermal double).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { generateLogicalTraces } from '@tasmoe/traces';
import { runAll } from './run-all.js';

const fixtures = path.join(import.meta.dirname, '..', '__fixtures__');
const thermalModule = path.join(fixtures, 'lumped-thermal.ts');
const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-replay-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function load() {
  const read = (f: string) => readFileSync(path.join(fixtures, 'small', f), 'utf8');
  return {
    arch: parseConfigText('arch', read('arch.yaml')),
    workload: parseConfigText('workload', read('workload.yaml')),
    tas: parseConfigText('tas', read('tas.yaml')),
  };
}

const RESULT_FILES = ['tiny-moe.csv', 'tiny-moe.windows.csv', 'tiny-moe.frames.csv'];

describe('run-all --traces', () => {
  it('replaying the generator export gives byte-identical result CSVs', async () => {
    const configs = load();
    const traces = path.join(root, 'traces');
    await generateLogicalTraces(configs.workload, traces);
    const generated = path.join(root, 'generated');
    const replayed = path.join(root, 'replayed');
    const scenarios = ['baseline', 'taps', 'tacs', 'tas'] as const;
    await runAll({
      configs,
      outDir: generated,
      scenarios,
      parallel: 1,
      thermalModule,
      report: false,
      shareIdleTacs: false,
    });
    await runAll({
      configs,
      outDir: replayed,
      scenarios,
      parallel: 1,
      thermalModule,
      report: false,
      shareIdleTacs: false,
      tracesDir: traces,
    });
    // and parsed on two threads (parallel-trace.ts)
    const threaded = path.join(root, 'threaded');
    await runAll({
      configs,
      outDir: threaded,
      scenarios: ['baseline', 'tas'],
      parallel: 1,
      thermalModule,
      report: false,
      shareIdleTacs: false,
      tracesDir: traces,
      traceThreads: 2,
    });
    for (const s of scenarios) {
      for (const f of RESULT_FILES) {
        const a = readFileSync(path.join(generated, s, f), 'utf8');
        expect(a.length, `${s}/${f}`).toBeGreaterThan(0);
        expect(readFileSync(path.join(replayed, s, f), 'utf8'), `${s}/${f}`).toBe(a);
        if (s === 'baseline' || s === 'tas')
          expect(readFileSync(path.join(threaded, s, f), 'utf8'), `threads ${s}/${f}`).toBe(a);
      }
    }
  }, 120_000);

  it('refuses a trace of another workload before anything runs, and --repeats with a trace', async () => {
    const configs = load();
    const traces = path.join(root, 'other');
    await generateLogicalTraces(
      { ...configs.workload, sequence: { ...configs.workload.sequence, steps: configs.workload.sequence.steps + 1 } },
      traces,
    );
    const out = path.join(root, 'refused');
    await expect(
      runAll({ configs, outDir: out, parallel: 1, thermalModule, report: false, tracesDir: traces }),
    ).rejects.toThrow(/sequence\.steps/);
    await expect(
      runAll({ configs, outDir: out, parallel: 1, thermalModule, report: false, tracesDir: traces, repeats: 2 }),
    ).rejects.toThrow(/--repeats 1/);
    await expect(
      runAll({ configs, outDir: out, parallel: 1, thermalModule, report: false, traceThreads: 2 }),
    ).rejects.toThrow(/give --traces/);
    await expect(
      runAll({ configs, outDir: out, parallel: 1, thermalModule, report: false, tracesDir: traces, traceThreads: 99 }),
    ).rejects.toThrow(/--trace-threads must be an integer 1\.\.8, got 99/);
  });
});
