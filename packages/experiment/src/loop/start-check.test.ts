/**
 * The start check on the default configs. Reference: a pass that runs exactly its warm-up's windows
 * repeats the warm-up's activity, so the steady state of its mean activity is the start (within the
 * settle's 0.02 K tolerance twice over, and the refresh state the two passes see); an ambient start
 * has nothing to check.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@tasmoe/schemas';
import { runAll } from '../runner/run-all.js';
import type { ScenarioManifest } from '../runner/scenario-files.js';

const configs = path.resolve(import.meta.dirname, '../../../../configs');
const read = (f: string) => readFileSync(path.join(configs, f), 'utf8');

async function baselineRun(archText: string, maxWindows: number): Promise<{ manifest: ScenarioManifest; log: string }> {
  const out = mkdtempSync(path.join(tmpdir(), 'tasmoe-start-check-'));
  await runAll({
    configs: {
      arch: parseConfigText('arch', archText),
      workload: parseConfigText('workload', read('workload_mixtral_8x7b.yaml')),
      tas: parseConfigText('tas', read('tas_params.yaml')),
    },
    outDir: out,
    scenarios: ['baseline'],
    parallel: 1,
    maxWindows,
    report: false,
  });
  const dir = path.join(out, 'baseline');
  return {
    manifest: JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as ScenarioManifest,
    log: readFileSync(path.join(dir, 'run.log'), 'utf8'),
  };
}

describe('start check', () => {
  it("a pass of its warm-up's windows settles where it started; run.json and run.log report it", async () => {
    const arch = read('arch_8x8_32x32x8.yaml');
    const probe = await baselineRun(arch, 2);
    const warm = /a (\d+)-window closed-loop warm-up/.exec(probe.log);
    if (warm === null) throw new Error('no steady-start line in run.log');
    const { manifest, log } = await baselineRun(arch, Number(warm[1]));
    const c = manifest.start_check;
    if (c === undefined) throw new Error('no start_check in run.json');
    expect(Math.abs(c.pass_steady_core_c - c.start_core_c)).toBeLessThan(0.05);
    expect(Math.abs(c.pass_steady_bank_c - c.start_bank_c)).toBeLessThan(0.05);
    // the run heated or cooled from the start, but stayed near it
    expect(Math.abs(c.end_core_c - c.start_core_c)).toBeLessThan(1);
    expect(c.pass_complete).toBe(false); // cut short at the warm-up's length: no warning either way
    expect(log).toMatch(
      /INFO {2}start check: the steady state of this pass's mean activity has its hottest core at .*a pass cut short/,
    );
  }, 120_000);

  it('an ambient start has no check', async () => {
    const arch = read('arch_8x8_32x32x8.yaml').replace(/^( {2}initial:) "?steady"?/m, '$1 "ambient"');
    const { manifest, log } = await baselineRun(arch, 5);
    expect(log).toMatch(/start: ambient/);
    expect(manifest.start_check).toBeUndefined();
    expect(log).not.toMatch(/start check/);
  }, 60_000);
});
