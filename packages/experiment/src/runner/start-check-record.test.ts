import { describe, expect, it } from 'vitest';
import { START_MISMATCH_WARN_K, startVerdict, type StartCheck } from '../loop/start-check.js';
import type { ScenarioManifest } from './scenario-files.js';
import { startCheckRecord, startWarnings } from './start-check-record.js';

const ok: StartCheck = {
  startCoreC: 76.42,
  startBankC: 82.05,
  endCoreC: 75.88,
  endBankC: 81.8,
  passSteadyCoreC: 76.77,
  passSteadyBankC: 82.45,
  passComplete: true,
};
// measured at h = 375 W/(m^2 K), seed 42 (docs/model.md "Thermal start")
const startOff: StartCheck = { ...ok, startCoreC: 75.16, passSteadyCoreC: 78.28 };
const hotBranch: StartCheck = { ...ok, startCoreC: 78.62, passSteadyCoreC: 79.0, endCoreC: 90.73 };

const manifest = (scenario: string, c: StartCheck | undefined) =>
  ({ scenario, ...(c === undefined ? {} : { start_check: startCheckRecord(c) }) }) as unknown as ScenarioManifest;

describe('startVerdict', () => {
  it('ok within the limit, start when the pass settles away from its start, branch when it ends above its steady state', () => {
    expect(startVerdict(ok)).toBe('ok');
    expect(startVerdict(startOff)).toBe('start');
    expect(startVerdict(hotBranch)).toBe('branch');
    // the bank counts as the core does; ending below the steady state is the package still warming
    expect(startVerdict({ ...ok, passSteadyBankC: ok.startBankC + START_MISMATCH_WARN_K + 0.01 })).toBe('start');
    expect(startVerdict({ ...ok, endCoreC: ok.passSteadyCoreC - 3 })).toBe('ok');
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
    const bankOnly = startWarnings([manifest('taps', { ...ok, passSteadyBankC: 84.0 })]);
    expect(bankOnly).toEqual([expect.stringMatching(/hottest bank 84\.00 C for the pass's activity against 82\.05 C/)]);
    expect(startWarnings([manifest('tacs', { ...startOff, passComplete: false })])).toEqual([]);
    const repeats = startWarnings([manifest('tacs', startOff), manifest('tacs', ok), manifest('tacs', startOff)]);
    expect(repeats).toEqual([expect.stringMatching(/\[2 of 3 repeats; the first shown\]$/)]);
  });
});
