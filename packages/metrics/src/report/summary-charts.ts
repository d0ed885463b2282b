/**
 * The seed's two summary plots over the unified metrics rows:
 * plot_temperature (T_peak_logic / T_peak_dram per scenario) and
 * plot_performance (ips, lat_ms mean and p99, bw_util per scenario).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import { groupedBarSpec, type ReferenceLine } from './chart-helpers.js';
import { hconcatSpec } from './concat.js';

/** One scenario's metrics as plot data: the CSV's numbers plus percentages. */
export interface SummaryRow {
  readonly scenario: Scenario;
  readonly [column: string]: unknown;
}

export function summaryRow(m: MetricsRow): SummaryRow {
  const num = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : undefined);
  const p99 = num('lat_p99_ms');
  return {
    ...m,
    scenario: m.scenario,
    bw_util_pct: 100 * m.bw_util,
    noc_load_pct: 100 * m.noc_load,
    ...(p99 === undefined ? {} : { lat_p99_ms: p99 }),
  };
}

export interface TemperatureChartOptions {
  readonly scenarios: readonly Scenario[];
  /** Range of the plotted values (sets a y axis that shows differences: temperatures are far from 0 °C). */
  readonly valueRange: readonly [number, number];
  /** DVFS trip points, drawn as reference lines when within the axis. */
  readonly tripC?: readonly number[];
}

export function temperatureAxisDomain(valueRange: readonly [number, number]): [number, number] {
  const lo = Math.floor((valueRange[0] - 8) / 5) * 5;
  const hi = Math.ceil((valueRange[1] + 3) / 5) * 5;
  return [lo, hi];
}

export function tripRules(tripC: readonly number[] | undefined, domain: readonly [number, number]): ReferenceLine[] {
  return (tripC ?? []).filter((t) => t > domain[0] && t < domain[1]).map((t) => ({ value: t, label: `trip ${t} °C` }));
}

export function temperatureBarsSpec(data: { readonly name: string }, opts: TemperatureChartOptions): TopLevelSpec {
  const domain = temperatureAxisDomain(opts.valueRange);
  return groupedBarSpec(data, {
    title: 'Peak temperatures',
    subtitle: `T_peak_logic, T_peak_dram: hottest grid cell over the run (axis from ${domain[0]} °C)`,
    groups: {
      title: 'Layer',
      fields: [
        { field: 'T_peak_logic', label: 'Logic die' },
        { field: 'T_peak_dram', label: 'DRAM dies' },
      ],
    },
    bars: { field: 'scenario', title: 'Scenario' },
    barDomain: opts.scenarios,
    y: { field: 'T', title: 'Peak temperature (°C)', format: '.1f', zero: false, domain },
    valueLabels: true,
    rules: tripRules(opts.tripC, domain),
    height: 240,
  });
}

export function performanceBarsSpec(
  data: { readonly name: string },
  opts: { readonly scenarios: readonly Scenario[] },
): TopLevelSpec {
  const bars = { field: 'scenario', title: 'Scenario' };
  const common = { bars, barDomain: opts.scenarios, valueLabels: true, height: 200 };
  return hconcatSpec(
    [
      groupedBarSpec(data, {
        ...common,
        title: 'Throughput',
        groups: { title: 'Metric', fields: [{ field: 'ips', label: 'ips' }] },
        y: { field: 'ips', title: 'Tokens per second (ips)', format: '.3~s' },
      }),
      groupedBarSpec(data, {
        ...common,
        title: 'Decode-step latency',
        groups: {
          title: 'Statistic',
          fields: [
            { field: 'lat_ms', label: 'mean (lat_ms)' },
            { field: 'lat_p99_ms', label: 'p99 (lat_p99_ms)' },
          ],
        },
        y: { field: 'lat', title: 'Latency (ms)', format: '.3~f' },
      }),
      groupedBarSpec(data, {
        ...common,
        title: 'DRAM bandwidth utilisation',
        groups: { title: 'Metric', fields: [{ field: 'bw_util_pct', label: 'bw_util' }] },
        // three significant digits: a utilisation of 0.073 % is not "0.1"
        y: { field: 'bw', title: 'Utilisation (%)', format: '.3~r' },
      }),
    ],
    { scales: { color: 'shared' } },
  );
}
