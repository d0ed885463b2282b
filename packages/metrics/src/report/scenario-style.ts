/**
 * One colour, display name and marker per scenario, used by every figure (and
 * by the sweeper's plots) so a scenario looks the same everywhere. Okabe-Ito
 * colours: distinguishable with the common colour-vision deficiencies and in
 * greyscale print by lightness. Built-in scenarios have fixed styles; a
 * policy's scenario (any other name) takes the next free colour and marker in
 * the order the report lists it (setReportScenarios).
 */
import { BUILTIN_SCENARIOS, type Scenario } from '@tasmoe/schemas';

const BUILTIN_COLORS: Readonly<Record<string, string>> = {
  baseline: '#5f5f5f',
  taps: '#0072B2',
  tacs: '#E69F00',
  tas: '#009E73',
  eplb: '#D55E00',
  'eplb-tacs': '#CC79A7',
};
/** The Okabe-Ito colours no built-in scenario uses, for policies' scenarios (then again from the start). */
const EXTRA_COLORS = ['#56B4E9', '#000000', '#F0E442'];

const BUILTIN_LABELS: Readonly<Record<string, string>> = {
  baseline: 'Baseline',
  taps: 'TAPS',
  tacs: 'TACS',
  tas: 'TAS',
  eplb: 'EPLB',
  'eplb-tacs': 'EPLB+TACS',
};

/**
 * Marker shapes, so scenarios whose results coincide (a derived or idle TACS scenario and its twin)
 * stay visible on top of each other: drawn hollow, a circle and a triangle at one spot both show.
 */
const BUILTIN_SHAPES: Readonly<Record<string, string>> = {
  baseline: 'circle',
  taps: 'square',
  tacs: 'triangle-up',
  tas: 'diamond',
  eplb: 'cross',
  'eplb-tacs': 'triangle-down',
};
const EXTRA_SHAPES = ['triangle-right', 'triangle-left', 'stroke', 'wedge'];

/** Scenarios of the report being built that are not built in, in its order. */
let extras: readonly string[] = [];

/** The scenarios of the results being reported (a policy's scenarios get styles in this order). */
export function setReportScenarios(scenarios: readonly string[]): void {
  extras = [...new Set(scenarios.filter((s) => !(BUILTIN_SCENARIOS as readonly string[]).includes(s)))];
}

function extraIndex(s: string): number {
  const i = extras.indexOf(s);
  return Math.max(i, 0);
}

export function scenarioColor(s: Scenario): string {
  return BUILTIN_COLORS[s] ?? (EXTRA_COLORS[extraIndex(s) % EXTRA_COLORS.length] as string);
}

export function scenarioLabel(s: Scenario): string {
  return BUILTIN_LABELS[s] ?? s;
}

export function scenarioShape(s: Scenario): string {
  return BUILTIN_SHAPES[s] ?? (EXTRA_SHAPES[extraIndex(s) % EXTRA_SHAPES.length] as string);
}

/** Colours of the built-in scenarios (fixed). */
export const SCENARIO_COLORS: Readonly<Record<string, string>> = BUILTIN_COLORS;
export const SCENARIO_LABELS: Readonly<Record<string, string>> = BUILTIN_LABELS;
export const SCENARIO_SHAPES: Readonly<Record<string, string>> = BUILTIN_SHAPES;

/** A Vega-Lite shape scale for the scenarios present. */
export function scenarioShapeScale(scenarios: readonly Scenario[]): { domain: Scenario[]; range: string[] } {
  const domain = orderScenarios(scenarios);
  return { domain, range: domain.map(scenarioShape) };
}

/** A built-in scenario, or one of the report's own (setReportScenarios). */
export function isScenario(s: string): s is Scenario {
  return (BUILTIN_SCENARIOS as readonly string[]).includes(s) || extras.includes(s);
}

/** Scenarios in canonical order (the built-in ones in theirs, then the report's others), duplicates dropped. */
export function orderScenarios(scenarios: Iterable<string>): Scenario[] {
  const present = new Set(scenarios);
  return [
    ...BUILTIN_SCENARIOS.filter((s) => present.has(s)),
    ...extras.filter((s) => present.has(s)),
    ...[...present].filter((s) => !isScenario(s)).sort(),
  ];
}

/** A Vega-Lite colour scale for the scenarios present (fixed colours, canonical order). */
export function scenarioColorScale(scenarios: readonly Scenario[]): { domain: Scenario[]; range: string[] } {
  const domain = orderScenarios(scenarios);
  return { domain, range: domain.map(scenarioColor) };
}

/** Vega expression turning a scenario key (`datum.label` in axes/legends, `datum.value` elsewhere) into its display name. */
export function scenarioLabelExpr(ref = 'datum.label'): string {
  // Parenthesised: Vega-Lite substitutes `datum.label` textually in header labels.
  const r = `(${ref})`;
  return Object.entries(BUILTIN_LABELS).reduceRight((acc, [s, label]) => `${r} === '${s}' ? '${label}' : ${acc}`, r);
}
