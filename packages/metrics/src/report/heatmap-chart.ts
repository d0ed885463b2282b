/**
 * Heat maps of the die stack, scenarios side by side, one fixed colour scale
 * (the same domain for every scenario, frame and layer, so colours compare).
 * Row 0 of the mesh is drawn at the bottom (core C0 bottom-left), as the
 * simulator numbers cores.
 *
 * `heatmapPlayerSpec`: the logic die and one DRAM die (chosen in a drop-down),
 * a frame slider; the page's play button steps the `frame` parameter.
 * `heatmapStatSpec`: every layer, a per-cell statistic over the run (static figures).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Scenario } from '@tasmoe/schemas';
import { PAPER_CONFIG } from './chart-theme.js';
import { layerLabel, type HeatClock } from './heatmap-data.js';
import { orderScenarios, scenarioLabelExpr } from './scenario-style.js';

export const HEAT_SCHEME = 'inferno';
/** Name of the frame parameter the page's play button and the tests drive. */
export const FRAME_PARAM = 'frame';
export const DRAM_LAYER_PARAM = 'dram_layer';

export interface HeatmapOptions {
  readonly scenarios: readonly Scenario[];
  readonly cols: number;
  readonly rows: number;
  /** Fixed colour domain, °C. */
  readonly domain: readonly [number, number];
  readonly cellPx?: number;
}

function cellEncoding(opts: HeatmapOptions) {
  return {
    x: {
      field: 'col',
      type: 'ordinal' as const,
      title: 'Core column',
      scale: { domain: Array.from({ length: opts.cols }, (_, i) => i) },
      axis: { labelAngle: 0, labelFontSize: 9, titleFontSize: 10 },
    },
    y: {
      field: 'row',
      type: 'ordinal' as const,
      title: 'Core row',
      // Row 0 at the bottom of the die.
      scale: { domain: Array.from({ length: opts.rows }, (_, i) => opts.rows - 1 - i) },
      axis: { labelFontSize: 9, titleFontSize: 10 },
    },
    color: {
      field: 'temp',
      type: 'quantitative' as const,
      title: 'Temperature (°C)',
      scale: { scheme: HEAT_SCHEME, domain: [...opts.domain], clamp: true, nice: false },
      legend: { orient: 'right' as const, gradientLength: 160, format: '.0f' },
    },
    tooltip: [
      { field: 'scenario', type: 'nominal' as const, title: 'Scenario' },
      { field: 'layer_label', type: 'nominal' as const, title: 'Layer' },
      { field: 'core', type: 'quantitative' as const, title: 'Core (vault)' },
      { field: 'temp', type: 'quantitative' as const, title: 'Temperature (°C)', format: '.2f' },
    ],
  };
}

function scenarioFacet(scenarios: readonly Scenario[], asRow: boolean) {
  return {
    field: 'scenario',
    type: 'nominal' as const,
    sort: orderScenarios(scenarios),
    title: null,
    header: {
      labelExpr: scenarioLabelExpr(),
      labelFontSize: 12,
      labelFontWeight: 'bold' as const,
      ...(asRow ? { labelAngle: -90 } : {}),
    },
  };
}

function layerFacet(asRow: boolean) {
  return {
    field: 'layer_label',
    type: 'nominal' as const,
    sort: { field: 'layer_rank', op: 'min' as const },
    title: null,
    header: { labelFontSize: 11, labelFontWeight: 'bold' as const, ...(asRow ? { labelAngle: -90 } : {}) },
  };
}

/**
 * Rows of the player by a fixed key (0 logic, 1 the chosen DRAM die), labelled from the menu's
 * parameter: a facet keyed by the DRAM die's name would add and drop a row group whenever the
 * menu changes, which vega lays out against the old groups (a blank logic row, a clipped third).
 */
function playerRowFacet(hasDram: boolean) {
  return {
    field: 'layer_rank',
    type: 'ordinal' as const,
    sort: 'ascending' as const,
    title: null,
    header: {
      labelExpr: hasDram
        ? `datum.value === 0 ? 'Logic die' : 'DRAM die ' + slice(${DRAM_LAYER_PARAM}, 4)`
        : `'Logic die'`,
      labelFontSize: 11,
      labelFontWeight: 'bold' as const,
      labelAngle: -90,
    },
  };
}

/** The interactive player: needs the `frames` dataset (HeatFrameRow rows). */
export function heatmapPlayerSpec(
  data: { readonly name: string },
  opts: HeatmapOptions & {
    readonly clock: HeatClock;
    readonly dramLayers: readonly string[];
    readonly initialDram: string | undefined;
  },
): TopLevelSpec {
  const px = opts.cellPx ?? 17;
  const last = Math.max(0, opts.clock.tMs.length - 1);
  const times = JSON.stringify(opts.clock.tMs.map((t) => Math.round(t * 1000) / 1000));
  const wins = JSON.stringify(opts.clock.win);
  const hasDram = opts.dramLayers.length > 0;
  const layerFilter = hasDram
    ? `datum.layer === 'logic' || datum.layer === ${DRAM_LAYER_PARAM}`
    : `datum.layer === 'logic'`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    title: {
      text: {
        expr: `'Temperature maps at t = ' + format(${times}[${FRAME_PARAM}], '.1f') + ' ms (window ' + ${wins}[${FRAME_PARAM}] + ')'`,
      },
      subtitle: 'Top: logic die; bottom: the DRAM die chosen below; one colour scale for all maps',
    },
    data,
    params: [
      {
        name: FRAME_PARAM,
        value: last,
        bind: { input: 'range', min: 0, max: last, step: 1, name: `Frame (0–${last}) ` },
      },
      ...(hasDram
        ? [
            {
              name: DRAM_LAYER_PARAM,
              value: opts.initialDram ?? opts.dramLayers[0],
              bind: {
                input: 'select' as const,
                options: [...opts.dramLayers],
                labels: opts.dramLayers.map(layerLabel),
                name: 'DRAM die ',
              },
            },
          ]
        : []),
    ],
    transform: [
      { filter: layerFilter },
      { filter: `datum.fi <= ${FRAME_PARAM}` },
      // A scenario that ended earlier keeps showing its last frame.
      { joinaggregate: [{ op: 'max', field: 'fi', as: 'fi_shown' }], groupby: ['scenario', 'layer'] },
      { filter: 'datum.fi === datum.fi_shown' },
      // Cell k is the array's index k, flattened alongside (a row_number window would depend on the
      // order vega hands tuples on after an incremental update).
      { calculate: `sequence(0, ${opts.cols * opts.rows})`, as: 'k' },
      { flatten: ['c', 'k'], as: ['temp', 'core'] },
      { calculate: `datum.core % ${opts.cols}`, as: 'col' },
      { calculate: `floor(datum.core / ${opts.cols})`, as: 'row' },
      { calculate: "datum.layer === 'logic' ? 'Logic die' : 'DRAM die ' + slice(datum.layer, 4)", as: 'layer_label' },
      { calculate: "datum.layer === 'logic' ? 0 : 1", as: 'layer_rank' },
    ],
    facet: { row: playerRowFacet(hasDram), column: scenarioFacet(opts.scenarios, false) },
    spec: {
      width: px * opts.cols,
      height: px * opts.rows,
      mark: { type: 'rect', tooltip: true },
      encoding: cellEncoding(opts),
    },
    resolve: { scale: { color: 'shared' } },
  };
}

/** Every scenario (rows) x layer (columns), one statistic: needs the `heat_stats` dataset (HeatCellRow rows). */
export function heatmapStatSpec(
  data: { readonly name: string },
  opts: HeatmapOptions & { readonly stat: 'mean' | 'max' },
): TopLevelSpec {
  const px = opts.cellPx ?? 10;
  const what = opts.stat === 'mean' ? 'Time-mean temperature' : 'Maximum temperature over the run';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    title: {
      text: `${what} per core / vault`,
      subtitle: 'Columns: logic die, then DRAM dies; rows: scenarios; one colour scale for all maps',
    },
    data,
    transform: [{ filter: `datum.stat === '${opts.stat}'` }],
    // The stack laid out left to right keeps the figure a page wide and a third of a page high.
    facet: { row: scenarioFacet(opts.scenarios, true), column: layerFacet(false) },
    spec: {
      width: px * opts.cols,
      height: px * opts.rows,
      mark: { type: 'rect', tooltip: true },
      encoding: cellEncoding(opts),
    },
    resolve: { scale: { color: 'shared' } },
  };
}
