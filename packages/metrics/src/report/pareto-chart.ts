/**
 * Peak temperature against throughput, one point per scenario (the mean over
 * repeats), one panel per die: the trade-off a thermal scheduler is judged on.
 * Whiskers are 95 % t-intervals on both axes when the folder holds repeats;
 * with one run per scenario there are points only. The dashed line joins the
 * Pareto front (better: right and down). Hollow markers, one shape per
 * scenario, keep coinciding scenarios visible.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Scenario } from '@tasmoe/schemas';
import { PAPER_CONFIG } from './chart-theme.js';
import { hconcatSpec } from './concat.js';
import { PARETO_PANELS, paddedDomain, type ParetoRow } from './pareto-data.js';
import { scenarioColorScale, scenarioLabelExpr, scenarioShapeScale } from './scenario-style.js';

export interface ParetoChartOptions {
  readonly scenarios: readonly Scenario[];
  /** The rows (for the axis ranges; the spec reads the named dataset). */
  readonly rows: readonly ParetoRow[];
}

function panelSpec(
  data: { readonly name: string },
  panel: (typeof PARETO_PANELS)[number],
  rank: number,
  opts: ParetoChartOptions,
): TopLevelSpec {
  const rows = opts.rows.filter((r) => r.panel_rank === rank);
  const x = {
    field: 'ips',
    type: 'quantitative' as const,
    title: 'Throughput (tokens/s)',
    scale: { domain: paddedDomain(rows.flatMap((r) => [r.ips_lo, r.ips_hi])), nice: false, zero: false },
  };
  // A short title: vega sizes a rotated title by its estimated length, and a long one pushed the panel title far up.
  const y = {
    field: 'T',
    type: 'quantitative' as const,
    title: `${panel.field} (°C)`,
    scale: { domain: paddedDomain(rows.flatMap((r) => [r.T_lo, r.T_hi])), nice: false, zero: false },
  };
  // One legend for both panels (shared scales): every panel describes it the same way.
  const legend = { labelExpr: scenarioLabelExpr(), symbolFillColor: 'white', symbolStrokeWidth: 2 };
  const color = {
    field: 'scenario',
    type: 'nominal' as const,
    title: 'Scenario',
    scale: scenarioColorScale(opts.scenarios),
    legend,
  };
  const shape = {
    field: 'scenario',
    type: 'nominal' as const,
    title: 'Scenario',
    scale: scenarioShapeScale(opts.scenarios),
    legend,
  };
  const whiskers = [{ filter: 'datum.n > 1' }];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    title: { text: panel.label },
    width: 300,
    height: 220,
    data,
    transform: [{ filter: `datum.panel_rank === ${rank}` }],
    layer: [
      {
        transform: [{ filter: 'datum.front' }],
        mark: { type: 'line', color: '#888888', strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x, y, order: { field: 'ips', type: 'quantitative' } },
      },
      {
        transform: whiskers,
        mark: { type: 'rule', strokeWidth: 1.2 },
        encoding: { x: { ...x, field: 'ips_lo' }, x2: { field: 'ips_hi' }, y, color },
      },
      {
        transform: whiskers,
        mark: { type: 'rule', strokeWidth: 1.2 },
        encoding: { y: { ...y, field: 'T_lo' }, y2: { field: 'T_hi' }, x, color },
      },
      {
        mark: { type: 'point', filled: false, strokeWidth: 2, size: 110, opacity: 1, tooltip: true },
        encoding: {
          x,
          y,
          color,
          shape,
          tooltip: [
            { field: 'scenario', type: 'nominal', title: 'Scenario' },
            { field: 'ips', type: 'quantitative', title: 'ips (mean)', format: '.4~f' },
            { field: 'ips_lo', type: 'quantitative', title: 'ips 95 % low', format: '.4~f' },
            { field: 'ips_hi', type: 'quantitative', title: 'ips 95 % high', format: '.4~f' },
            { field: 'T', type: 'quantitative', title: 'T_peak (mean, °C)', format: '.3f' },
            { field: 'T_lo', type: 'quantitative', title: 'T_peak 95 % low', format: '.3f' },
            { field: 'T_hi', type: 'quantitative', title: 'T_peak 95 % high', format: '.3f' },
            { field: 'n', type: 'quantitative', title: 'repeats' },
            { field: 'front', type: 'nominal', title: 'on the Pareto front' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

export function paretoSpec(data: { readonly name: string }, opts: ParetoChartOptions): TopLevelSpec {
  const n = Math.max(1, ...opts.rows.map((r) => r.n));
  const whiskers =
    n > 1 ? `mean of ${n} repeats, whiskers: 95 % t-interval` : 'one run per scenario: points only, no interval';
  return hconcatSpec(
    PARETO_PANELS.map((p, i) => panelSpec(data, p, i, opts)),
    {
      title: 'Peak temperature vs throughput',
      subtitle: `${whiskers}; better: right (more tokens/s) and down (cooler); dashed: Pareto front`,
      scales: { color: 'shared', shape: 'shared' },
    },
  );
}
