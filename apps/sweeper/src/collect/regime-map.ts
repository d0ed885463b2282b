/**
 * Regime map: each point of a two-axis sweep (typically cooling against workload intensity) put in
 * the thermal regime one scenario ran in, from its metrics row or its recorded failure:
 * - unconstrained: no window reached Thot (hot_window_share 0) and no core ever throttled;
 * - constrained: some windows at or above Thot, DVFS never below nominal;
 * - throttling: some core time below the nominal DVFS step (throttled_fraction > 0);
 * - refused: the run stopped with one of the thermal refusals (the leakage/refresh power has no
 *   fixed point, or a temperature reached the thermal trip), a physical outcome, not a crash;
 * - failed / not run: anything else (shown, never hidden).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import { metricsCsvPath, pointDir } from '../store/layout.js';
import { isPointComplete, readPointRecord } from '../store/point-record.js';
import type { SweepPoint } from '../sweep/point.js';
import { axisCell } from './collect.js';

export const REGIMES = ['unconstrained', 'constrained', 'throttling', 'refused', 'failed', 'not run'] as const;
export type Regime = (typeof REGIMES)[number];

/** Error codes that mean the chip has no bounded operating point here (comet-adapter's power errors). */
export const REFUSAL_CODES: readonly string[] = ['THERMAL_TRIP', 'POWER_FIXED_POINT'];

/** Metrics the map's table carries for each classified point. */
export const REGIME_METRICS = ['T_peak_logic', 'T_peak_dram', 'hot_window_share', 'throttled_fraction', 'ips'] as const;

export interface RegimePoint {
  readonly point_id: string;
  readonly x: string;
  readonly y: string;
  readonly regime: Regime;
  /** Refused / failed: the first line of the recorded error, prefixed by its code. */
  readonly cause: string;
  readonly metrics: Readonly<Record<string, string>>;
}

/** The regime of a complete run from its metrics row (cells as the CSV has them). */
export function regimeOfRow(row: Readonly<Record<string, string>>): Regime {
  const throttled = Number(row.throttled_fraction ?? '0');
  const hot = Number(row.hot_window_share ?? '0');
  if (throttled > 0) return 'throttling';
  if (hot > 0) return 'constrained';
  return 'unconstrained';
}

function classify(
  point: SweepPoint,
  folder: string,
  scenario: string,
): Pick<RegimePoint, 'regime' | 'cause' | 'metrics'> {
  const dir = pointDir(folder, point.id);
  if (isPointComplete(dir, point)) {
    const rows = parse(readFileSync(metricsCsvPath(dir, scenario, point.workloadName), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
    const row = rows[0] ?? {};
    const metrics = Object.fromEntries(REGIME_METRICS.map((m) => [m, row[m] ?? '']));
    return { regime: regimeOfRow(row), cause: '', metrics };
  }
  const rec = readPointRecord(dir);
  if (rec === undefined || rec.hash !== point.hash || rec.status !== 'failed')
    return { regime: rec?.status === 'failed' ? 'failed' : 'not run', cause: '', metrics: {} };
  const line = (rec.error?.message ?? '').split('\n')[0] ?? '';
  const code = refusalCode(rec.error?.code, line);
  return {
    regime: code === undefined ? 'failed' : 'refused',
    cause:
      code === undefined ? `${rec.error?.code ?? ''}: ${line}` : `${code}: ${line.replace(/^.*\[[A-Z_]+\]:\s*/, '')}`,
    metrics: {},
  };
}

/**
 * The refusal behind a failure: its own code, or the scenario error's inner one, which run-all
 * quotes as "scenario baseline failed [THERMAL_TRIP]: ..." (SCENARIO_FAILED wraps the loop's error).
 */
function refusalCode(code: string | undefined, line: string): string | undefined {
  if (code !== undefined && REFUSAL_CODES.includes(code)) return code;
  const inner = /\[([A-Z_]+)\]/.exec(line)?.[1];
  return inner !== undefined && REFUSAL_CODES.includes(inner) ? inner : undefined;
}

/** One entry per point (first repeat only: the regime is a property of the configs). */
export function regimeMap(
  points: readonly SweepPoint[],
  folder: string,
  xAxis: string,
  yAxis: string,
  scenario = 'baseline',
): RegimePoint[] {
  return points
    .filter((p) => p.repeat === 0)
    .map((p) => ({
      point_id: p.id,
      x: axisCell(p.axes[xAxis]),
      y: axisCell(p.axes[yAxis]),
      ...classify(p, folder, scenario),
    }));
}

export function regimeCsv(rows: readonly RegimePoint[], xAxis: string, yAxis: string): string {
  const columns = ['point_id', xAxis, yAxis, 'regime', ...REGIME_METRICS, 'cause'];
  return stringify(
    rows.map((r) => [r.point_id, r.x, r.y, r.regime, ...REGIME_METRICS.map((m) => r.metrics[m] ?? ''), r.cause]),
    { header: true, columns },
  );
}

const REGIME_COLORS: Record<Regime, string> = {
  unconstrained: '#4c78a8',
  constrained: '#f2cf5b',
  throttling: '#f58518',
  refused: '#b0303c',
  failed: '#7f7f7f',
  'not run': '#dddddd',
};

function sortedValues(values: readonly string[]): string[] {
  const u = [...new Set(values)];
  return u.every((v) => Number.isFinite(Number(v))) ? u.sort((a, b) => Number(a) - Number(b)) : u;
}

/** A heat map: x and y axis values as ordinal cells, coloured by regime, labelled with T_peak_logic. */
export function regimeSpec(rows: readonly RegimePoint[], xAxis: string, yAxis: string, title: string): TopLevelSpec {
  const data = rows.map((r) => {
    const t = Number(r.metrics.T_peak_logic);
    return {
      x: r.x,
      y: r.y,
      regime: r.regime,
      label:
        r.regime === 'refused'
          ? 'refused'
          : Number.isFinite(t) && r.metrics.T_peak_logic !== ''
            ? `${t.toFixed(1)} °C`
            : '',
    };
  });
  const present = REGIMES.filter((g) => rows.some((r) => r.regime === g));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 70 * new Set(rows.map((r) => r.x)).size,
    height: 40 * new Set(rows.map((r) => r.y)).size,
    data: { values: data },
    encoding: {
      x: {
        field: 'x',
        type: 'ordinal',
        sort: sortedValues(rows.map((r) => r.x)),
        title: xAxis,
        axis: { labelAngle: 0 },
      },
      y: { field: 'y', type: 'ordinal', sort: sortedValues(rows.map((r) => r.y)).reverse(), title: yAxis },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'regime',
            type: 'nominal',
            scale: { domain: present, range: present.map((g) => REGIME_COLORS[g]) },
            title: 'regime',
          },
        },
      },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'label', type: 'nominal' } } },
    ],
  };
}
