/**
 * Generic Vega-Lite spec builders over parsed rows: a line chart and a grouped
 * bar chart with the paper theme and the fixed scenario colours. The report's
 * figures and the sweeper's plots are built from these. Pure: rows in, spec out.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PAPER_CONFIG } from './chart-theme.js';
import {
  isScenario,
  orderScenarios,
  scenarioColorScale,
  scenarioLabelExpr,
  scenarioShapeScale,
} from './scenario-style.js';

export type ChartRow = Readonly<Record<string, unknown>>;

/** Inline rows, or the name of a dataset the caller supplies (top-level `datasets`). */
export type ChartData = readonly ChartRow[] | { readonly name: string };

export interface FieldRef {
  readonly field: string;
  /** Axis or legend title, with the unit, e.g. "Peak temperature (°C)". */
  readonly title: string;
  /** d3-format of tooltips and value labels, e.g. ".1f". */
  readonly format?: string;
  /** d3-format of axis labels (default: vega's, which drops needless decimals). */
  readonly axisFormat?: string;
}

export interface QuantAxis extends FieldRef {
  /** Include zero in the scale (default false for lines, true for bars). */
  readonly zero?: boolean;
  readonly domain?: readonly [number, number];
}

/** Several numeric columns drawn as one quantity, told apart by dash (lines) or group (bars). */
export interface SeriesFold {
  readonly fields: readonly { readonly field: string; readonly label: string }[];
  readonly title: string;
}

export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
}

/** A field name alone (titled by its name) or a full axis description. */
export type AxisArg = string | QuantAxis;

export interface LineChartOptions {
  readonly x: AxisArg;
  /** With `series`, `y.field` is ignored: the folded values are plotted. */
  readonly y: AxisArg;
  /** Colour channel; a `scenario` field gets the fixed scenario colours. */
  readonly color: string | FieldRef;
  readonly series?: SeriesFold;
  /** Colour domain when `data` is a named dataset (inline rows give it themselves). */
  readonly colorDomain?: readonly string[];
  readonly title?: string;
  readonly subtitle?: string;
  readonly width?: number;
  readonly height?: number;
  /** Horizontal reference lines (e.g. DVFS trip points), labelled at the right. */
  readonly rules?: readonly ReferenceLine[];
  /** Draw a point at each datum (sweeps with few x values). */
  readonly points?: boolean;
  /** Interactive x zoom and pan (a no-op in static renderings). */
  readonly zoom?: boolean;
  /** Step interpolation (per-window quantities that are constant over a window). */
  readonly step?: boolean;
  /**
   * Hollow markers, one shape per scenario, about this many along each line and staggered
   * between scenarios, so lines that coincide (a derived or idle TACS scenario and its twin)
   * still show both. Needs a `scenario` colour field.
   */
  readonly markers?: number;
}

export interface GroupedBarOptions {
  /** Bar groups along x: each folded field is one group (one field = one group per panel). */
  readonly groups: SeriesFold;
  /** Bars within a group, coloured; a `scenario` field gets the fixed scenario colours. */
  readonly bars: FieldRef;
  readonly barDomain?: readonly string[];
  readonly y: QuantAxis;
  readonly title?: string;
  readonly subtitle?: string;
  readonly width?: number;
  readonly height?: number;
  /** Print each bar's value above it (formatted with y.format). */
  readonly valueLabels?: boolean;
  readonly rules?: readonly ReferenceLine[];
  /** Show the colour legend (off when a neighbouring panel already shows it). */
  readonly legend?: boolean;
}

const FOLD_KEY = 'series_key';
const FOLD_VALUE = 'series_value';
const FOLD_LABEL = 'series_label';

function isNamed(data: ChartData): data is { readonly name: string } {
  return !Array.isArray(data);
}

function dataSpec(data: ChartData): { values: ChartRow[] } | { name: string } {
  return isNamed(data) ? { name: data.name } : { values: [...data] };
}

function valuesOf(data: ChartData, field: string): string[] {
  if (isNamed(data)) return [];
  return [...new Set(data.map((r) => String(r[field])))];
}

/** Colour scale + legend labels: fixed colours for scenarios, Okabe-Ito order otherwise. */
function colorChannel(data: ChartData, ref: FieldRef, domain: readonly string[] | undefined, legend: boolean) {
  const values = domain ?? valuesOf(data, ref.field);
  const allScenarios = values.length > 0 && values.every(isScenario);
  if (ref.field === 'scenario' || allScenarios) {
    const scenarios = orderScenarios(values.filter(isScenario));
    return {
      field: ref.field,
      type: 'nominal' as const,
      title: ref.title,
      ...(scenarios.length > 0 ? { scale: scenarioColorScale(scenarios), sort: scenarios } : {}),
      legend: legend ? { labelExpr: scenarioLabelExpr() } : null,
    };
  }
  return {
    field: ref.field,
    type: 'nominal' as const,
    title: ref.title,
    scale: { scheme: 'tableau10' },
    ...(domain === undefined ? {} : { sort: [...domain] }),
    legend: legend ? {} : null,
  };
}

function foldTransforms(series: SeriesFold) {
  const labels = series.fields.reduceRight(
    (acc, f) => `datum.${FOLD_KEY} === ${JSON.stringify(f.field)} ? ${JSON.stringify(f.label)} : ${acc}`,
    `datum.${FOLD_KEY}`,
  );
  return [
    { fold: series.fields.map((f) => f.field), as: [FOLD_KEY, FOLD_VALUE] as [string, string] },
    { calculate: labels, as: FOLD_LABEL },
  ];
}

function quantScale(axis: QuantAxis, zeroDefault: boolean) {
  return {
    zero: axis.zero ?? zeroDefault,
    ...(axis.domain === undefined ? {} : { domain: [...axis.domain] }),
    nice: axis.domain === undefined,
  };
}

function ruleLayers(rules: readonly ReferenceLine[], format: string | undefined) {
  if (rules.length === 0) return [];
  const values = rules.map((r) => ({ rule_value: r.value, rule_label: r.label }));
  return [
    {
      data: { values },
      mark: { type: 'rule' as const, strokeDash: [4, 3], color: '#b2182b', strokeWidth: 1 },
      encoding: { y: { field: 'rule_value', type: 'quantitative' as const } },
    },
    {
      data: { values },
      // Right of the plot area, clear of the data.
      mark: {
        type: 'text' as const,
        align: 'left' as const,
        baseline: 'middle' as const,
        dx: 4,
        color: '#b2182b',
        fontSize: 10,
      },
      encoding: {
        x: { value: 'width' as const },
        y: { field: 'rule_value', type: 'quantitative' as const },
        text: { field: 'rule_label', type: 'nominal' as const },
        tooltip: { field: 'rule_value', type: 'quantitative' as const, ...(format === undefined ? {} : { format }) },
      },
    },
  ];
}

/**
 * An invisible layer that widens a flat y axis: when every plotted value is the same (a frequency
 * that never leaves its nominal step, zero NoC load), vega's domain collapses to one number and its
 * tick format, taken from a zero tick step, prints "2.000000". The layer's rule spans the value
 * +- 5 % (0 to 1 at zero), so the axis has a span and round ticks; with any spread it spans the data.
 */
function flatAxisLayer(y: string) {
  // Names carry the field: vega-lite merges equal-looking aggregates of sibling panels into one dataset.
  const [lo, hi, y0, y1] = ['lo', 'hi', 'y0', 'y1'].map((k) => `flat_${k}_${y}`) as [string, string, string, string];
  return {
    transform: [
      {
        aggregate: [
          { op: 'min' as const, field: y, as: lo },
          { op: 'max' as const, field: y, as: hi },
        ],
      },
      // With a spread the rule spans the data's own range (no effect; filtering it out leaves vega an empty domain to warn about).
      {
        calculate: `datum.${lo} !== datum.${hi} ? datum.${lo} : datum.${lo} === 0 ? 0 : datum.${lo} - abs(datum.${lo}) * 0.05`,
        as: y0,
      },
      {
        calculate: `datum.${lo} !== datum.${hi} ? datum.${hi} : datum.${lo} === 0 ? 1 : datum.${lo} + abs(datum.${lo}) * 0.05`,
        as: y1,
      },
    ],
    mark: { type: 'rule' as const, opacity: 0 },
    encoding: { y: { field: y0, type: 'quantitative' as const }, y2: { field: y1 } },
  };
}

/** The markers layer of a line chart (see LineChartOptions.markers). */
function markerLayer(
  opts: { x: QuantAxis; color: FieldRef; series?: SeriesFold | undefined },
  y: string,
  scenarios: readonly string[],
  perLine: number,
  x: object,
  yEnc: object,
  color: object,
) {
  const order = orderScenarios(scenarios.filter(isScenario));
  const groupby = [opts.color.field, ...(opts.series === undefined ? [] : [FOLD_LABEL])];
  const n = Math.max(1, order.length);
  const [i, count, step, offset] = ['i', 'n', 'step', 'offset'].map((k) => `mk_${k}_${y}`) as [
    string,
    string,
    string,
    string,
  ];
  return {
    transform: [
      { window: [{ op: 'row_number' as const, as: i }], groupby, sort: [{ field: opts.x.field }] },
      { joinaggregate: [{ op: 'count' as const, as: count }], groupby },
      { calculate: `max(1, floor(datum.${count} / ${perLine}))`, as: step },
      // Scenario k of n starts k/n of a step later: coinciding lines carry markers side by side.
      {
        calculate: `floor(datum.${step} * (indexof(${JSON.stringify(order)}, datum.${opts.color.field}) + 0.5) / ${n})`,
        as: offset,
      },
      { filter: `isValid(datum.${y}) && (datum.${i} - 1) % datum.${step} === datum.${offset}` },
    ],
    mark: { type: 'point' as const, filled: false, size: 30, strokeWidth: 1.3, opacity: 1 },
    encoding: {
      x,
      y: yEnc,
      color,
      shape: {
        field: opts.color.field,
        type: 'nominal' as const,
        title: opts.color.title,
        scale: scenarioShapeScale(order),
        legend: { labelExpr: scenarioLabelExpr() },
      },
    },
  };
}

/** Axis labels: the caller's format; counts (format "d") tick at whole numbers only. */
function yAxisOf(y: QuantAxis) {
  const counts = y.format === 'd' ? { tickMinStep: 1, format: 'd' } : {};
  const axis = { ...counts, ...(y.axisFormat === undefined ? {} : { format: y.axisFormat }) };
  return Object.keys(axis).length === 0 ? {} : { axis };
}

function titleOf(title: string | undefined, subtitle: string | undefined) {
  if (title === undefined) return {};
  return { title: subtitle === undefined ? { text: title } : { text: title, subtitle } };
}

function axisOf(a: AxisArg): QuantAxis {
  return typeof a === 'string' ? { field: a, title: a } : a;
}

/**
 * A line chart; `series` folds several columns into one y, told apart by dash.
 * Shorthand: `lineChartSpec(rows, { x: 'Thot', y: 'T_peak_logic', color: 'scenario' })`.
 */
export function lineChartSpec(data: ChartData, options: LineChartOptions): TopLevelSpec {
  const color =
    typeof options.color === 'string'
      ? { field: options.color, title: options.color === 'scenario' ? 'Scenario' : options.color }
      : options.color;
  const opts = { ...options, x: axisOf(options.x), y: axisOf(options.y), color };
  const y = opts.series === undefined ? opts.y.field : FOLD_VALUE;
  const tooltip = [
    { field: opts.color.field, type: 'nominal' as const, title: opts.color.title },
    ...(opts.series === undefined ? [] : [{ field: FOLD_LABEL, type: 'nominal' as const, title: opts.series.title }]),
    {
      field: opts.x.field,
      type: 'quantitative' as const,
      title: opts.x.title,
      ...(opts.x.format === undefined ? {} : { format: opts.x.format }),
    },
    {
      field: y,
      type: 'quantitative' as const,
      title: opts.y.title,
      ...(opts.y.format === undefined ? {} : { format: opts.y.format }),
    },
  ];
  const line = {
    mark: {
      type: 'line' as const,
      ...(opts.step === true ? { interpolate: 'step-after' as const } : {}),
      ...(opts.points === true ? { point: { filled: true, size: 36 } } : {}),
      tooltip: true,
    },
    ...(opts.zoom === true
      ? {
          params: [
            {
              name: `zoom_${opts.y.field}`,
              select: { type: 'interval' as const, encodings: ['x' as const] },
              bind: 'scales' as const,
            },
          ],
        }
      : {}),
    encoding: {
      x: {
        field: opts.x.field,
        type: 'quantitative' as const,
        title: opts.x.title,
        scale: quantScale(opts.x, false),
        ...(opts.x.axisFormat === undefined ? {} : { axis: { format: opts.x.axisFormat } }),
      },
      y: {
        field: y,
        type: 'quantitative' as const,
        title: opts.y.title,
        scale: quantScale(opts.y, false),
        ...yAxisOf(opts.y),
      },
      color: colorChannel(data, opts.color, opts.colorDomain, true),
      ...(opts.series === undefined
        ? {}
        : {
            strokeDash: {
              field: FOLD_LABEL,
              type: 'nominal' as const,
              title: opts.series.title,
              sort: opts.series.fields.map((f) => f.label),
              scale: {
                domain: opts.series.fields.map((f) => f.label),
                range: [
                  [1, 0],
                  [5, 3],
                  [2, 2],
                  [8, 3, 2, 3],
                ].slice(0, opts.series.fields.length),
              },
            },
          }),
      tooltip,
    },
  };
  const scenarios = opts.colorDomain ?? valuesOf(data, opts.color.field);
  const markers =
    opts.markers !== undefined && opts.markers > 0 && scenarios.some(isScenario)
      ? [
          markerLayer(
            opts,
            y,
            scenarios,
            opts.markers,
            { field: opts.x.field, type: 'quantitative' as const },
            { field: y, type: 'quantitative' as const },
            line.encoding.color,
          ),
        ]
      : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    ...titleOf(opts.title, opts.subtitle),
    width: opts.width ?? 520,
    height: opts.height ?? 200,
    data: dataSpec(data),
    ...(opts.series === undefined ? {} : { transform: foldTransforms(opts.series) }),
    layer: [
      line,
      ...markers,
      ...(opts.y.domain === undefined ? [flatAxisLayer(y)] : []),
      ...ruleLayers(opts.rules ?? [], opts.y.format),
    ],
  };
}

/** Grouped bars: x = group (one per folded field), bars within a group by `bars` (colour). */
export function groupedBarSpec(data: ChartData, opts: GroupedBarOptions): TopLevelSpec {
  const groupLabels = opts.groups.fields.map((f) => f.label);
  const barDomain = opts.barDomain ?? valuesOf(data, opts.bars.field);
  const barSort = barDomain.every(isScenario) ? orderScenarios(barDomain) : [...barDomain];
  const x = {
    field: FOLD_LABEL,
    type: 'nominal' as const,
    title: opts.groups.fields.length > 1 ? opts.groups.title : null,
    sort: groupLabels,
    axis: { labelAngle: 0 },
  };
  const xOffset = { field: opts.bars.field, type: 'nominal' as const, sort: barSort, scale: { paddingInner: 0.08 } };
  const y = {
    field: FOLD_VALUE,
    type: 'quantitative' as const,
    title: opts.y.title,
    scale: quantScale(opts.y, true),
    ...(opts.y.axisFormat === undefined ? {} : { axis: { format: opts.y.axisFormat } }),
  };
  const bars = {
    mark: { type: 'bar' as const, tooltip: true, clip: true },
    encoding: {
      x,
      xOffset,
      y,
      color: colorChannel(data, opts.bars, barDomain.length > 0 ? barDomain : undefined, opts.legend ?? true),
      tooltip: [
        { field: opts.bars.field, type: 'nominal' as const, title: opts.bars.title },
        { field: FOLD_LABEL, type: 'nominal' as const, title: opts.groups.title },
        {
          field: FOLD_VALUE,
          type: 'quantitative' as const,
          title: opts.y.title,
          ...(opts.y.format === undefined ? {} : { format: opts.y.format }),
        },
      ],
    },
  };
  const labels = {
    // Inside the bar, reading upwards from its top: no headroom above the tallest bar, and a value
    // as long as "194.87" stays within its bar (written across, it overran narrow bars and was cut).
    // (offsets apply in the text's rotated frame: dx < 0 moves down the bar)
    mark: {
      type: 'text' as const,
      angle: -90,
      align: 'right' as const,
      baseline: 'middle' as const,
      dx: -4,
      fontSize: 9,
      color: 'white',
      fontWeight: 'bold' as const,
      clip: true,
    },
    encoding: {
      x,
      xOffset,
      y,
      text: {
        field: FOLD_VALUE,
        type: 'quantitative' as const,
        ...(opts.y.format === undefined ? {} : { format: opts.y.format }),
      },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    ...titleOf(opts.title, opts.subtitle),
    width: opts.width ?? { step: 26, for: 'offset' },
    height: opts.height ?? 220,
    data: dataSpec(data),
    transform: foldTransforms(opts.groups),
    layer: [bars, ...(opts.valueLabels === true ? [labels] : []), ...ruleLayers(opts.rules ?? [], opts.y.format)],
  };
}
