import { describe, expect, it } from 'vitest';
import { START_MISMATCH_WARN_K, startVerdict, type StartCheck } from '../loop/start-check.js';
import type { ScenarioManifest } from './scenario-files.js';
import { startWarnings } from './start-warnings.js';

const ok: StartCheck = {
  start_core_c: 76.42,
  start_bank_c: 82.05,
  end_core_c: 75.88,
  end_bank_c: 81.8,
  pass_steady_core_c: 76.77,
  pass_steady_bank_c: 82.45,
  pass_complete: true,
};
// measured at h = 375 W/(m^2 K), seed 42 (docs/model.md "Thermal start")
const startOff: StartCheck = { ...ok, start_core_c: 75.16, pass_steady_core_c: 78.28 };
const hotBranch: StartCheck = { ...ok, start_core_c: 78.62, pass_steady_core_c: 79.0, end_core_c: 90.73 };

const manifest = (scenario: string, c: StartCheck | undefined) =>
  ({ scenario, ...(c === undefined ? {} : { start_check: c }) }) as unknown as ScenarioManifest;

describe('startVerdict', () => {
  it('ok within the limit, start when the pass settles away from its start, branch when it ends above its steady state', () => {
    expect(startVerdict(ok)).toBe('ok');
    expect(startVerdict(startOff)).toBe('start');
    expect(startVerdict(hotBranch)).toBe('branch');
    // the bank counts as the core does; ending below the steady state is the package still warming
    expect(startVerdict({ ...ok, pass_steady_bank_c: ok.start_bank_c + START_MISMATCH_WARN_K + 0.01 })).toBe('start');
    expect(startVerdict({ ...ok, end_core_c: ok.pass_steady_core_c - 3 })).toBe('ok');
  });
});

describe('startWarnings', () => {
  it('one line per scenario that warns, naming its run.log; repeats counted; an ambient start says nothing', () => {
    const lines = startWarnings([
      manifest('baseline', hotBranch),
      manifest('tacs', startOff),
      manifest('taps', ok),
      manifest('tas', undefined),
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warning: baseline: the pass ended above .* 90\.73 C at the end .*baseline\/run\.log/);
    expect(lines[1]).toMatch(
      /^warning: tacs: the start does not stand for this pass.* 78\.28 C .* 75\.16 C at the start/,
    );
    const bankOnly = startWarnings([manifest('taps', { ...ok, pass_steady_bank_c: 84.0 })]);
    expect(bankOnly).toEqual([expect.stringMatching(/hottest bank 84\.00 C for the pass's activity against 82\.05 C/)]);
    expect(startWarnings([manifest('tacs', { ...startOff, pass_complete: false })])).toEqual([]);
    const repeats = startWarnings([manifest('tacs', startOff), manifest('tacs', ok), manifest('tacs', startOff)]);
    expect(repeats).toEqual([expect.stringMatching(/\[2 of 3 repeats; the first shown\]$/)]);
  });
});
