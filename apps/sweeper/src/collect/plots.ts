/**
 * Sweep plots: T_peak_logic and ips against each axis, one panel per scenario,
 * one line per combination of the other axes (mean over repeats, with a
 * standard-deviation bar when there are repeats). Vega-Lite specs rendered to
 * SVG headlessly by the report's renderer (@tasmoe/metrics `renderSvg`).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CollectedSweep } from './collect.js';

export const SWEEP_PLOT_METRICS = ['T_peak_logic', 'ips'] as const;

const METRIC_TITLES: Record<string, string> = {
  T_peak_logic: 'peak logic temperature (°C)',
  ips: 'throughput (tokens/s)',
};

interface PlotDatum {
  readonly x: number | string;
  readonly y: number;
  readonly scenario: string;
  readonly series: string;
}

export interface SweepPlot {
  /** File stem, e.g. "T_peak_logic--tas.tacs.thresholds.Thot". */
  readonly name: string;
  readonly spec: TopLevelSpec;
}

function isNumeric(values: readonly string[]): boolean {
  return values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
}

export function sweepPlotSpec(c: CollectedSweep, axis: string, metric: string): TopLevelSpec {
  const others = c.axisColumns.filter((a) => a !== axis);
  const numericX = isNumeric(c.rows.map((r) => r[axis] ?? ''));
  const data: PlotDatum[] = c.rows.map((r) => ({
    x: numericX ? Number(r[axis]) : (r[axis] ?? ''),
    y: Number(r[metric]),
    scenario: r.scenario ?? '',
    series: others.length === 0 ? 'all' : others.map((o) => `${o.split('.').at(-1) ?? o}=${r[o] ?? ''}`).join(', '),
  }));
  const scenarios = [...new Set(data.map((d) => d.scenario))];
  const repeated = c.rows.some((r) => r.repeat !== '0');
  // Categorical axis values keep the sweep file's order.
  const xOrder = [...new Set(data.map((d) => String(d.x)))];
  const x = numericX
    ? ({ field: 'x', type: 'quantitative', title: axis, scale: { zero: false } } as const)
    : ({ field: 'x', type: 'ordinal', title: axis, sort: xOrder } as const);
  const yTitle = METRIC_TITLES[metric] ?? metric;
  const color =
    others.length === 0
      ? {}
      : {
          color: {
            field: 'series',
            type: 'nominal',
            title: others.length === 1 ? 'other axis' : 'other axes',
            legend: { labelLimit: 400 },
          } as const,
        };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${metric} vs ${axis}`,
    data: { values: data },
    facet: { column: { field: 'scenario', type: 'nominal', title: 'scenario', sort: scenarios } },
    spec: {
      width: 200,
      height: 160,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y: { field: 'y', aggregate: 'mean', type: 'quantitative', title: yTitle, scale: { zero: false } },
            ...color,
          },
        },
        ...(repeated
          ? [
              {
                mark: { type: 'errorbar', extent: 'stdev' },
                encoding: { x, y: { field: 'y', type: 'quantitative', title: yTitle }, ...color },
              } as const,
            ]
          : []),
      ],
    },
  } as TopLevelSpec;
}

/** One plot per (metric, axis); nothing without axes or rows. */
export function sweepPlots(c: CollectedSweep): SweepPlot[] {
  if (c.rows.length === 0) return [];
  return c.axisColumns.flatMap((axis) =>
    SWEEP_PLOT_METRICS.filter((m) => c.columns.includes(m)).map((metric) => ({
      name: `${metric}--${axis}`,
      spec: sweepPlotSpec(c, axis, metric),
    })),
  );
}
