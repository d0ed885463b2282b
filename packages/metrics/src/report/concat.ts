/**
 * Compose single-view specs into one figure (panels sharing data and theme):
 * nested views must not carry `$schema`, `config` or `datasets`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PAPER_CONFIG } from './chart-theme.js';

type Panel = Omit<TopLevelSpec, '$schema' | 'config' | 'datasets'>;

export function asPanel(spec: TopLevelSpec): Panel {
  const { $schema: _s, config: _c, datasets: _d, ...rest } = spec;
  return rest;
}

type Channel = 'color' | 'x' | 'y' | 'strokeDash' | 'stroke';
type Resolution = 'shared' | 'independent';

export interface ConcatOptions {
  readonly title?: string;
  readonly subtitle?: string;
  /** How panels resolve scales (shared scale = one legend for the figure). */
  readonly scales?: Partial<Record<Channel, Resolution>>;
  readonly legends?: Partial<Record<Channel, Resolution>>;
}

function resolveOf(opts: ConcatOptions) {
  return { scale: { ...opts.scales }, legend: { ...opts.legends } };
}

export function vconcatSpec(panels: readonly TopLevelSpec[], opts: ConcatOptions = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    ...(opts.title === undefined ? {} : { title: opts.subtitle === undefined ? { text: opts.title } : { text: opts.title, subtitle: opts.subtitle } }),
    vconcat: panels.map(asPanel),
    resolve: resolveOf(opts),
  } as TopLevelSpec;
}

export function hconcatSpec(panels: readonly TopLevelSpec[], opts: ConcatOptions = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    ...(opts.title === undefined ? {} : { title: opts.subtitle === undefined ? { text: opts.title } : { text: opts.title, subtitle: opts.subtitle } }),
    hconcat: panels.map(asPanel),
    resolve: resolveOf(opts),
  } as TopLevelSpec;
}
