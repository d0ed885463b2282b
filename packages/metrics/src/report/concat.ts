/**
 * Compose single-view specs into one figure (panels sharing data and theme):
 * nested views must not carry `$schema`, `config` or `datasets`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import { PAPER_CONFIG } from './chart-theme.js';

/** A top-level single-view spec as a panel of a concat (the theme and data stay at the top). */
export function asPanel(spec: TopLevelSpec): NonNormalizedSpec {
  const {
    $schema: _s,
    config: _c,
    datasets: _d,
    autosize: _a,
    background: _b,
    padding: _p,
    usermeta: _u,
    ...rest
  } = spec;
  // Top-level `params` are typed wider (they may name views) than a panel's; the helpers only
  // put view-local parameters in, so the panel is a valid nested spec.
  return rest as NonNormalizedSpec;
}

type Channel = 'color' | 'x' | 'y' | 'strokeDash' | 'stroke' | 'shape';
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
    ...(opts.title === undefined
      ? {}
      : { title: opts.subtitle === undefined ? { text: opts.title } : { text: opts.title, subtitle: opts.subtitle } }),
    vconcat: panels.map(asPanel),
    resolve: resolveOf(opts),
  };
}

export function hconcatSpec(panels: readonly TopLevelSpec[], opts: ConcatOptions = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PAPER_CONFIG,
    ...(opts.title === undefined
      ? {}
      : { title: opts.subtitle === undefined ? { text: opts.title } : { text: opts.title, subtitle: opts.subtitle } }),
    hconcat: panels.map(asPanel),
    resolve: resolveOf(opts),
  };
}
