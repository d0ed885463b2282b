import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import { copyFixture, makeRepeats } from '../__fixtures__/results-variants.js';
import { paddedDomain, paretoRows } from './pareto-data.js';
import type { ScenarioResults } from './results-bundle.js';
import { readResults } from './results-io.js';

/** Scenario results with only what the figure reads (the metrics rows). */
function results(scenario: Scenario, rows: readonly Partial<MetricsRow>[]): ScenarioResults {
  const repeats = rows.map(
    (r) =>
      ({
        scenario,
        workload: 'w',
        T_peak_logic: 0,
        T_peak_dram: 0,
        T_avg: 0,
        ips: 0,
        lat_ms: 0,
        bw_util: 0,
        refresh_mhz: 0,
        noc_load: 0,
        ...r,
      }) as MetricsRow,
  );
  return { scenario, repeats, metrics: repeats[0] as MetricsRow } as unknown as ScenarioResults;
}

describe('Pareto points', () => {
  it('front: no other scenario at least as fast and at most as hot (better in one)', () => {
    const rows = paretoRows([
      results('baseline', [{ ips: 100, T_peak_logic: 80, T_peak_dram: 70 }]),
      results('taps', [{ ips: 110, T_peak_logic: 79, T_peak_dram: 75 }]), // beats baseline on logic, not on DRAM
      results('tacs', [{ ips: 100, T_peak_logic: 80, T_peak_dram: 70 }]), // equal to baseline: neither dominates
      results('tas', [{ ips: 90, T_peak_logic: 85, T_peak_dram: 71 }]), // slower and hotter than baseline
    ]);
    const front = (panel: number) => rows.filter((r) => r.panel_rank === panel && r.front).map((r) => r.scenario);
    expect(front(0)).toEqual(['taps']);
    expect(front(1)).toEqual(['baseline', 'taps', 'tacs']);
  });

  it('one row per scenario: the value and no interval; repeats: mean and 95 % t-interval', () => {
    const single = paretoRows([results('baseline', [{ ips: 100, T_peak_logic: 80 }])]).find((r) => r.panel_rank === 0);
    expect(single).toMatchObject({ ips: 100, ips_lo: 100, ips_hi: 100, T: 80, T_lo: 80, T_hi: 80, n: 1 });
    const rep = paretoRows([
      results('baseline', [
        { ips: 99, T_peak_logic: 79 },
        { ips: 100, T_peak_logic: 80 },
        { ips: 101, T_peak_logic: 81 },
      ]),
    ]).find((r) => r.panel_rank === 0);
    // mean 100, s = 1, half-width t(0.975, 2) / sqrt(3) = 4.303 / 1.7321 = 2.4843
    expect(rep?.ips).toBe(100);
    expect(rep?.ips_hi).toBeCloseTo(102.4843, 4);
    expect(rep?.T_lo).toBeCloseTo(77.5157, 4);
    expect(rep?.n).toBe(3);
  });

  it('from a results folder with three rows per scenario CSV', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-pareto-'));
    try {
      copyFixture(dir);
      makeRepeats(dir);
      const bundle = readResults(dir);
      expect(bundle.scenarios.map((s) => s.repeats.length)).toEqual([3, 3, 3, 3]);
      const rows = paretoRows(bundle.scenarios);
      expect(rows).toHaveLength(8);
      for (const r of rows) expect(r.n).toBe(3);
      // ips offsets 0, -120, +90: the mean moves by -10
      const base = bundle.scenarios[0];
      expect(rows[0]?.ips).toBeCloseTo((base?.repeats[0]?.ips ?? 0) - 10, 6);
      expect(base?.metrics.ips).toBeCloseTo((base?.repeats[0]?.ips ?? 0) - 10, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('axis ranges are never zero-width', () => {
    expect(paddedDomain([164.2, 164.2])).toEqual([164.2 - 164.2 * 0.002, 164.2 + 164.2 * 0.002]);
    const [lo, hi] = paddedDomain([80, 90]);
    expect(lo).toBeCloseTo(79, 12);
    expect(hi).toBeCloseTo(91, 12);
    expect(paddedDomain([])).toEqual([0, 1]);
  });
});
