/**
 * A parsed results folder -> the report's figures (Vega-Lite specs that name
 * their data) and the datasets they read. Everything the HTML page and the
 * static SVG/PNG renderings show comes from here, so both always agree.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Scenario } from '@tasmoe/schemas';
import type { ChartRow } from './chart-helpers.js';
import { timeUnitFor, type SeriesPoint } from './downsample.js';
import { heatmapPlayerSpec, heatmapStatSpec } from './heatmap-chart.js';
import { heatClock, heatDomain, heatFrameRows, hottestDramLayer, type HeatClock } from './heatmap-data.js';
import { placementSpec } from './placement-chart.js';
import { placementRows } from './placement-data.js';
import { parseCache, type ParseCache } from './parse-cache.js';
import type { ResultsBundle } from './results-bundle.js';
import { paretoSpec } from './pareto-chart.js';
import { paretoRows } from './pareto-data.js';
import { scenarioNotes, type ScenarioNote } from './scenario-notes.js';
import { performanceBarsSpec, summaryRow, temperatureBarsSpec } from './summary-charts.js';
import { systemTimeSeriesSpec, thermalTimeSeriesSpec } from './timeseries-charts.js';

export interface ReportFigure {
  /** Stable id: the figure's file stem (figures/<id>.svg) and HTML anchor. */
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
  /** Rendered to figures/<id>.svg and .png (the interactive player is not). */
  readonly static: boolean;
}

export interface ReportModel {
  readonly figures: readonly ReportFigure[];
  /** Named datasets the specs read (`data: {name}`), inlined once in the page. */
  readonly datasets: Readonly<Record<string, readonly ChartRow[]>>;
  readonly scenarios: readonly Scenario[];
  /** A line for every scenario that is another's result (derived or idle TACS). */
  readonly scenarioNotes: readonly ScenarioNote[];
  /** Most repeats behind any scenario's row (1: single runs). */
  readonly repeats: number;
  /** Heat-map frame clock (for the page's play button) and the figure id of the player. */
  readonly heat: { readonly clock: HeatClock; readonly playerId: string | undefined };
}

export interface ReportModelOptions {
  /** Plotted points per scenario in the time series (windows are bucketed above this). */
  readonly maxPoints?: number;
}

export const DATASETS = {
  summary: 'summary',
  pareto: 'pareto',
  series: 'series',
  frames: 'frames',
  heatStats: 'heat_stats',
  placement: 'placement',
} as const;

/** 4 significant digits: plenty for a plot, a third of the page size of full precision. */
function round4(x: number): number {
  return Number.isInteger(x) ? x : Number(x.toPrecision(4));
}

function roundRow(p: SeriesPoint): ChartRow {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' ? round4(v) : v]));
}

/** `cache`: per-scenario rows made earlier from the same parses (parse-cache.ts); default none. */
export function reportModel(
  bundle: ResultsBundle,
  opts: ReportModelOptions = {},
  cache: ParseCache = parseCache(),
): ReportModel {
  const maxPoints = opts.maxPoints ?? 1000;
  const { manifest } = bundle;
  const scenarios = bundle.scenarios.map((s) => s.scenario);
  const details = manifest.details;
  const figures: ReportFigure[] = [];
  const datasets: Record<string, ChartRow[]> = {};

  // Summary bars (the seed's plot_temperature / plot_performance).
  const summary = bundle.scenarios.map((s) => summaryRow(s.metrics));
  datasets[DATASETS.summary] = summary;
  const peaks = bundle.scenarios.flatMap((s) => [s.metrics.T_peak_logic, s.metrics.T_peak_dram]);
  const tripC = details.tripC;
  figures.push({
    id: 'temperature',
    title: 'Peak temperatures',
    caption:
      'T_peak_logic and T_peak_dram per scenario: the hottest grid cell of the logic die and of any DRAM die over the whole run' +
      (tripC === undefined ? '.' : `; dashed lines: DVFS trip points (${tripC.join(', ')} °C).`),
    spec: temperatureBarsSpec(
      { name: DATASETS.summary },
      { scenarios, valueRange: [Math.min(...peaks), Math.max(...peaks)], ...(tripC === undefined ? {} : { tripC }) },
    ),
    static: true,
  });
  figures.push({
    id: 'performance',
    title: 'Performance',
    caption:
      'Throughput (ips: tokens completed per simulated second), decode-step latency (mean lat_ms and 99th percentile), and DRAM bandwidth utilisation (bw_util: bytes served / effective bank bandwidth x time).',
    spec: performanceBarsSpec({ name: DATASETS.summary }, { scenarios }),
    static: true,
  });

  // Trade-off: peak temperature against throughput, with intervals over repeats.
  const notes = scenarioNotes(bundle.scenarios, manifest.workload);
  const repeats = Math.max(1, ...bundle.scenarios.map((s) => s.repeats.length));
  const pareto = paretoRows(bundle.scenarios);
  datasets[DATASETS.pareto] = pareto;
  const coincide = notes.filter((n) => n.sameAs !== undefined).map((n) => `${n.scenario} = ${n.sameAs}`);
  figures.push({
    id: 'pareto',
    title: 'Peak temperature vs throughput',
    caption:
      'Each scenario at its throughput (ips) and peak temperature, logic die and DRAM dies; the dashed line joins the scenarios no other beats on both. ' +
      (repeats > 1
        ? `Points: the mean over the repeats (up to ${repeats}); whiskers: 95 % t-intervals (mean ± t(0.975, n−1)·s/√n).`
        : 'One run per scenario: points only (a results folder with repeats adds 95 % intervals).') +
      (coincide.length > 0
        ? ` Coinciding points (${coincide.join(', ')}) are the same result, told apart by marker shape.`
        : ''),
    spec: paretoSpec({ name: DATASETS.pareto }, { scenarios, rows: pareto }),
    static: true,
  });

  // Time series.
  const simEnd = Math.max(0, ...bundle.scenarios.map((s) => s.windows.columns.t_end_ms[s.windows.length - 1] ?? 0));
  const unit = timeUnitFor(simEnd);
  const maxWindows = Math.max(1, ...bundle.scenarios.map((s) => s.windows.length));
  const bucket = Math.ceil(maxWindows / maxPoints);
  datasets[DATASETS.series] = bundle.scenarios.flatMap((s) => {
    const points = Math.ceil(s.windows.length / bucket);
    return cache.series(s.scenario, s.windows, points, unit, roundRow);
  });
  const tsOpts = { scenarios, unit, bucket, ...(tripC === undefined ? {} : { tripC }) };
  figures.push({
    id: 'timeseries-thermal',
    title: 'Thermal behaviour over time',
    caption:
      'Per-window peak and mean temperature of the logic die (solid) and the DRAM dies (dashed), mean DVFS core frequency and the share of cores below their nominal step. ' +
      (bucket > 1
        ? `Long runs are bucketed to at most ${maxPoints} points per scenario (${bucket} windows each; peaks keep the bucket maximum).`
        : 'One point per window.'),
    spec: thermalTimeSeriesSpec({ name: DATASETS.series }, tsOpts),
    static: true,
  });
  figures.push({
    id: 'timeseries-system',
    title: 'Memory, network and scheduler over time',
    caption:
      'Mean DRAM refresh command rate per bank, NoC link load (flit-hops / link capacity), logic and DRAM power, throughput (tokens completed per simulated second, over at least 10 windows: a window completes a whole number of decode steps), and the running total of TACS migrations and reroutes (zero for scenarios without TACS).',
    spec: systemTimeSeriesSpec({ name: DATASETS.series }, tsOpts),
    static: true,
  });

  // Heat maps.
  const allFrames = bundle.scenarios.map((s) => s.frames);
  const clock = heatClock(allFrames);
  const domain = heatDomain(allFrames);
  const { cols, rows } = manifest.mesh;
  const dramLayers = [...new Set(allFrames.flatMap((f) => f.layers))]
    .filter((l) => l !== 'logic')
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  datasets[DATASETS.frames] = bundle.scenarios.flatMap((s) => heatFrameRows(s.scenario, s.frames, clock));
  datasets[DATASETS.heatStats] = bundle.scenarios.flatMap((s) => [...cache.heatStats(s.scenario, s.frames, cols)]);
  const heatOpts = { scenarios, cols, rows, domain };
  const playerId = clock.tMs.length > 0 ? 'heatmap' : undefined;
  if (playerId !== undefined) {
    figures.push({
      id: playerId,
      title: 'Temperature maps over time',
      caption:
        `One frame per recorded window (${clock.tMs.length} frames). Top: logic die (one cell per core); bottom: the DRAM die picked in the menu below the maps (per-vault mean over the banks above each core); a scenario that finished earlier keeps its last frame. ` +
        `Core C0 is bottom-left; one colour scale (${domain[0]}–${domain[1]} °C) for every scenario, frame and layer.`,
      spec: heatmapPlayerSpec(
        { name: DATASETS.frames },
        { ...heatOpts, clock, dramLayers, initialDram: hottestDramLayer(allFrames) },
      ),
      static: false,
    });
  }
  for (const stat of ['mean', 'max'] as const) {
    figures.push({
      id: `heatmap-${stat}`,
      title: stat === 'mean' ? 'Time-mean temperature maps' : 'Maximum temperature maps',
      caption: `Per core (logic die) and per vault (DRAM dies): the ${stat === 'mean' ? 'mean' : 'maximum'} over the recorded frames. Core C0 is bottom-left.`,
      spec: heatmapStatSpec({ name: DATASETS.heatStats }, { ...heatOpts, stat }),
      static: true,
    });
  }

  // Placement.
  const placed = bundle.scenarios.filter((s) => s.placement !== undefined);
  if (placed.length > 0) {
    const maxLines = 4;
    const prow = placed.flatMap((s) =>
      s.placement === undefined ? [] : placementRows(s.scenario, s.placement, manifest.mesh, details.moe, maxLines),
    );
    datasets[DATASETS.placement] = prow;
    const moe = details.moe;
    figures.push({
      id: 'placement',
      title: 'Expert placement',
      caption:
        'Which experts each core hosts at the start of the run (placement.json). ' +
        (moe === undefined
          ? 'E<n>: expert number n. '
          : `E<n>: n = layer x ${moe.experts_per_layer} + index${moe.shared_experts > 0 ? '; shared experts are numbered after all routed ones' : ''}. `) +
        'A "*" marks a copy of a replicated expert; cores holding one are outlined. TACS may move experts during the run (see its actions over time).',
      spec: placementSpec(
        { name: DATASETS.placement },
        {
          scenarios: placed.map((s) => s.scenario),
          cols,
          rows,
          maxInstances: Math.max(1, ...prow.map((r) => r.instances)),
          maxLines: Math.min(maxLines, Math.max(1, ...prow.map((r) => r.label.length))),
        },
      ),
      static: true,
    });
  }
  return { figures, datasets, scenarios, scenarioNotes: notes, repeats, heat: { clock, playerId } };
}
