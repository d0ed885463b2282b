/**
 * Experts on the core mesh, scenarios side by side: cell shade = expert
 * instances on the core, text = expert ids (replicated experts marked "*"),
 * cores holding a replica outlined. Row 0 at the bottom (core C0 bottom-left).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Scenario } from '@tasmoe/schemas';
import { PAPER_CONFIG } from './chart-theme.js';
import { REPLICA_MARK } from './placement-data.js';
import { orderScenarios, scenarioLabelExpr } from './scenario-style.js';

export interface PlacementChartOptions {
  readonly scenarios: readonly Scenario[];
  readonly cols: number;
  readonly rows: number;
  /** Largest instance count on any core (fixes the shade scale across scenarios). */
  readonly maxInstances: number;
  /** Label lines per cell (sizes the cells so they fit). */
  readonly maxLines: number;
  readonly subtitle?: string;
}

export function placementSpec(data: { readonly name: string }, opts: PlacementChartOptions): TopLevelSpec {
  const lineH = 11;
  const cell = Math.max(34, lineH * opts.maxLines + 14);
  const x = {
    field: 'col',
    type: 'ordinal' as const,
    title: 'Core column',
    scale: { domain: Array.from({ length: opts.cols }, (_, i) => i) },
    axis: { labelAngle: 0 },
  };
  const y = {
    field: 'row',
    type: 'ordinal' as const,
    title: 'Core row',
    scale: { domain: Array.from({ length: opts.rows }, (_, i) => opts.rows - 1 - i) },
  };
  const tooltip = [
    { field: 'scenario', type: 'nominal' as const, title: 'Scenario' },
    { field: 'core', type: 'quantitative' as const, title: 'Core' },
    { field: 'instances', type: 'quantitative' as const, title: 'Expert instances' },
    { field: 'experts', type: 'nominal' as const, title: 'Experts' },
  ];
  const dark = Math.max(1, opts.maxInstances) * 0.6;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    title: {
      text: 'Expert placement on the core mesh',
      subtitle:
        opts.subtitle ??
        'Shade: expert instances per core; * = copy of a replicated expert; outlined: core holds a replica',
    },
    data,
    // Two scenarios per row keeps the figure within a page width.
    facet: {
      field: 'scenario',
      type: 'nominal',
      sort: orderScenarios(opts.scenarios),
      title: null,
      header: { labelExpr: scenarioLabelExpr(), labelFontSize: 12, labelFontWeight: 'bold' },
    },
    columns: Math.min(2, opts.scenarios.length),
    spec: {
      width: cell * opts.cols,
      height: cell * opts.rows,
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1, tooltip: true },
          encoding: {
            x,
            y,
            color: {
              field: 'instances',
              type: 'quantitative',
              title: 'Experts per core',
              scale: { domain: [0, Math.max(1, opts.maxInstances)], range: ['#f7f7f7', '#08519c'], nice: false },
              legend: { format: 'd', tickMinStep: 1 },
            },
            tooltip,
          },
        },
        {
          transform: [{ filter: 'datum.replicas > 0' }],
          mark: { type: 'rect', fillOpacity: 0, strokeWidth: 2.5 },
          encoding: {
            x,
            y,
            stroke: {
              field: 'replica_mark',
              type: 'nominal',
              title: null,
              scale: { domain: [REPLICA_MARK], range: ['#D55E00'] },
            },
            tooltip,
          },
        },
        {
          // Vega puts the first line of multi-line text at y: offset from the cell top so the block is centred.
          transform: [{ calculate: `${cell / 2} - (length(datum.label) - 1) * ${lineH / 2}`, as: 'label_dy' }],
          mark: { type: 'text', fontSize: 9, lineHeight: lineH, baseline: 'middle' },
          encoding: {
            x,
            y,
            yOffset: { field: 'label_dy', type: 'quantitative', scale: null },
            text: { field: 'label' },
            color: { condition: { test: `datum.instances >= ${dark}`, value: 'white' }, value: '#111111' },
            tooltip,
          },
        },
      ],
    },
  };
}
