/**
 * Points of the T_peak vs throughput figure: per scenario and temperature
 * (logic die, DRAM dies) the mean over repeats with its 95 % t-interval on
 * both axes, and whether the point is on the Pareto front (no other scenario
 * has at least its ips at no higher T_peak, better in one of the two).
 */
import type { Scenario } from '@tasmoe/schemas';
import { columnCi } from './repeats.js';
import type { ScenarioResults } from './results-bundle.js';

export const PARETO_PANELS = [
  { field: 'T_peak_logic', label: 'Logic die' },
  { field: 'T_peak_dram', label: 'DRAM dies' },
] as const;

export type ParetoRow = {
  readonly scenario: Scenario;
  readonly panel: string;
  readonly panel_rank: number;
  readonly ips: number;
  readonly ips_lo: number;
  readonly ips_hi: number;
  readonly T: number;
  readonly T_lo: number;
  readonly T_hi: number;
  /** Repeats behind the point; whiskers are drawn for n > 1. */
  readonly n: number;
  readonly front: boolean;
};

function dominated(p: ParetoRow, others: readonly ParetoRow[]): boolean {
  return others.some((q) => q !== p && q.ips >= p.ips && q.T <= p.T && (q.ips > p.ips || q.T < p.T));
}

export function paretoRows(scenarios: readonly ScenarioResults[]): ParetoRow[] {
  const out: ParetoRow[] = [];
  PARETO_PANELS.forEach((panel, rank) => {
    const rows: ParetoRow[] = [];
    for (const s of scenarios) {
      const ips = columnCi(s.repeats, 'ips');
      const t = columnCi(s.repeats, panel.field);
      if (ips === undefined || t === undefined) continue;
      rows.push({
        scenario: s.scenario,
        panel: panel.label,
        panel_rank: rank,
        ips: ips.mean,
        ips_lo: ips.low,
        ips_hi: ips.high,
        T: t.mean,
        T_lo: t.low,
        T_hi: t.high,
        n: Math.min(ips.n, t.n),
        front: false,
      });
    }
    for (const r of rows) out.push({ ...r, front: !dominated(r, rows) });
  });
  return out;
}

/** An axis range around the values and whiskers with a margin (a tenth of the span, at least 0.2 % of the value): never zero-width. */
export function paddedDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = Math.max((hi - lo) * 0.1, Math.abs(hi) * 0.002, 1e-9);
  return [lo - pad, hi + pad];
}
