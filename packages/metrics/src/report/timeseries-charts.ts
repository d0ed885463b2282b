/**
 * Per-window time series, scenarios overlaid (colour), layers or kinds told
 * apart by dash. Two figures of stacked panels sharing the time axis: the
 * thermal side (temperatures, DVFS) and the system side (refresh, NoC, power,
 * throughput, TACS actions). Data: the downsampled `series` dataset.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Scenario } from '@tasmoe/schemas';
import { lineChartSpec, type FieldRef, type QuantAxis, type ReferenceLine, type SeriesFold } from './chart-helpers.js';
import { vconcatSpec } from './concat.js';
import type { TimeUnit } from './downsample.js';

export interface TimeSeriesOptions {
  readonly scenarios: readonly Scenario[];
  readonly unit: TimeUnit;
  /** Windows per plotted point (1 = every window). */
  readonly bucket: number;
  readonly tripC?: readonly number[];
  readonly width?: number;
}

interface PanelDef {
  readonly y: QuantAxis;
  readonly series?: SeriesFold;
  readonly title: string;
  readonly rules?: readonly ReferenceLine[];
  readonly step?: boolean;
}

function panels(
  data: { readonly name: string },
  defs: readonly PanelDef[],
  opts: TimeSeriesOptions,
  lastHasAxisTitle = true,
): TopLevelSpec[] {
  const color: FieldRef = { field: 'scenario', title: 'Scenario' };
  return defs.map((d, i) =>
    lineChartSpec(data, {
      x: {
        field: 't',
        title: i === defs.length - 1 && lastHasAxisTitle ? `Simulated time (${opts.unit})` : '',
        format: opts.unit === 's' ? '.3~f' : '.4~f',
      },
      y: d.y,
      color,
      colorDomain: opts.scenarios,
      ...(d.series === undefined ? {} : { series: d.series }),
      title: d.title,
      ...(d.rules === undefined ? {} : { rules: d.rules }),
      ...(d.step === true ? { step: true } : {}),
      width: opts.width ?? 620,
      height: 130,
      markers: 12,
    }),
  );
}

function bucketNote(opts: TimeSeriesOptions): string {
  return opts.bucket <= 1
    ? 'one point per window'
    : `each point aggregates ${opts.bucket} windows (peaks: max, others: time mean)`;
}

export function thermalTimeSeriesSpec(data: { readonly name: string }, opts: TimeSeriesOptions): TopLevelSpec {
  const trips = (opts.tripC ?? []).map((t): ReferenceLine => ({ value: t, label: `trip ${t} °C` }));
  const layers = (a: string, b: string): SeriesFold => ({
    title: 'Layer',
    fields: [
      { field: a, label: 'Logic die' },
      { field: b, label: 'DRAM dies' },
    ],
  });
  return vconcatSpec(
    panels(
      data,
      [
        {
          title: 'Peak temperature',
          y: { field: 'T_peak', title: 'Peak T (°C)', format: '.1f' },
          series: layers('T_peak_logic', 'T_peak_dram'),
          rules: trips,
        },
        {
          title: 'Mean temperature',
          y: { field: 'T_mean', title: 'Mean T (°C)', format: '.1f' },
          series: layers('T_mean_logic', 'T_mean_dram'),
        },
        { title: 'DVFS: mean core frequency', y: { field: 'freq_mean_ghz', title: 'Frequency (GHz)', format: '.2f' } },
        {
          title: 'DVFS: throttled cores',
          y: { field: 'throttled_pct', title: 'Throttled (%)', format: '.0f', zero: true },
        },
      ],
      opts,
    ),
    {
      title: 'Thermal behaviour over time',
      subtitle: bucketNote(opts),
      scales: { color: 'shared', strokeDash: 'shared' },
    },
  );
}

export function systemTimeSeriesSpec(data: { readonly name: string }, opts: TimeSeriesOptions): TopLevelSpec {
  return vconcatSpec(
    panels(
      data,
      [
        { title: 'DRAM refresh rate (per bank)', y: { field: 'refresh_mhz', title: 'Refresh (MHz)', format: '.3~f' } },
        { title: 'NoC load', y: { field: 'noc_load_pct', title: 'Link load (%)', format: '.1f', zero: true } },
        {
          title: 'Power',
          y: { field: 'power', title: 'Power (W)', format: '.1f' },
          series: {
            title: 'Layer',
            fields: [
              { field: 'power_logic_w', label: 'Logic die' },
              { field: 'power_dram_w', label: 'DRAM dies' },
            ],
          },
        },
        { title: 'Throughput', y: { field: 'ips', title: 'Tokens/s', format: '.3~s', zero: true } },
        {
          title: 'TACS actions (running total)',
          y: { field: 'actions', title: 'Actions', format: 'd', zero: true },
          series: {
            title: 'Action',
            fields: [
              { field: 'migrations_total', label: 'Migrations' },
              { field: 'reroutes_total', label: 'Reroutes' },
            ],
          },
          step: true,
        },
      ],
      opts,
    ),
    {
      title: 'Memory, network and scheduler over time',
      subtitle: bucketNote(opts),
      scales: { color: 'shared', strokeDash: 'independent' },
      legends: { strokeDash: 'independent' },
    },
  );
}
