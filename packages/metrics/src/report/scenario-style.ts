/**
 * One colour and one display name per scenario, used by every figure (and by
 * the sweeper's plots) so a scenario looks the same everywhere. Okabe-Ito
 * colours: distinguishable with the common colour-vision deficiencies and in
 * greyscale print by lightness.
 */
import { SCENARIOS, type Scenario } from '@tasmoe/schemas';

export const SCENARIO_COLORS: Readonly<Record<Scenario, string>> = {
  baseline: '#5f5f5f',
  taps: '#0072B2',
  tacs: '#E69F00',
  tas: '#009E73',
};

export const SCENARIO_LABELS: Readonly<Record<Scenario, string>> = {
  baseline: 'Baseline',
  taps: 'TAPS',
  tacs: 'TACS',
  tas: 'TAS',
};

/**
 * Marker shapes, so scenarios whose results coincide (a derived or idle TACS scenario and its twin)
 * stay visible on top of each other: drawn hollow, a circle and a triangle at one spot both show.
 */
export const SCENARIO_SHAPES: Readonly<Record<Scenario, string>> = {
  baseline: 'circle',
  taps: 'square',
  tacs: 'triangle-up',
  tas: 'diamond',
};

/** A Vega-Lite shape scale for the scenarios present. */
export function scenarioShapeScale(scenarios: readonly Scenario[]): { domain: Scenario[]; range: string[] } {
  const domain = orderScenarios(scenarios);
  return { domain, range: domain.map((s) => SCENARIO_SHAPES[s]) };
}

export function isScenario(s: string): s is Scenario {
  return (SCENARIOS as readonly string[]).includes(s);
}

/** Scenarios in canonical order (baseline, taps, tacs, tas), duplicates dropped. */
export function orderScenarios(scenarios: Iterable<string>): Scenario[] {
  const present = new Set(scenarios);
  return SCENARIOS.filter((s) => present.has(s));
}

/** A Vega-Lite colour scale for the scenarios present (fixed colours, canonical order). */
export function scenarioColorScale(scenarios: readonly Scenario[]): { domain: Scenario[]; range: string[] } {
  const domain = orderScenarios(scenarios);
  return { domain, range: domain.map((s) => SCENARIO_COLORS[s]) };
}

/** Vega expression turning a scenario key (`datum.label` in axes/legends, `datum.value` elsewhere) into its display name. */
export function scenarioLabelExpr(ref = 'datum.label'): string {
  // Parenthesised: Vega-Lite substitutes `datum.label` textually in header labels.
  const r = `(${ref})`;
  return SCENARIOS.reduceRight((acc, s) => `${r} === '${s}' ? '${SCENARIO_LABELS[s]}' : ${acc}`, r);
}
