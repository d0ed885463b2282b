/**
 * The metrics rows as an HTML table (the numbers a paper's table quotes), the
 * seed's column names with units, and each scenario's change against baseline.
 */
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import { meanCi95, type MeanCi } from '../ci.js';
import { columnCi } from './repeats.js';
import { scenarioColor, scenarioLabel } from './scenario-style.js';

interface Column {
  readonly key: string;
  readonly unit: string;
  readonly digits: number;
  /** Multiply before showing (fractions as %). */
  readonly factor?: number;
  /** Lower is better (for the sign colour of the change). */
  readonly lowerBetter?: boolean;
}

export const SUMMARY_COLUMNS: readonly Column[] = [
  { key: 'T_peak_logic', unit: '°C', digits: 1, lowerBetter: true },
  { key: 'T_peak_dram', unit: '°C', digits: 1, lowerBetter: true },
  { key: 'T_avg', unit: '°C', digits: 1, lowerBetter: true },
  { key: 'ips', unit: 'tokens/s', digits: 0, lowerBetter: false },
  { key: 'lat_ms', unit: 'ms', digits: 3, lowerBetter: true },
  { key: 'lat_p99_ms', unit: 'ms', digits: 3, lowerBetter: true },
  { key: 'bw_util', unit: '%', digits: 1, factor: 100 },
  { key: 'refresh_mhz', unit: 'MHz', digits: 3, lowerBetter: true },
  { key: 'noc_load', unit: '%', digits: 2, factor: 100, lowerBetter: true },
  { key: 'throttled_fraction', unit: '%', digits: 1, factor: 100, lowerBetter: true },
  { key: 'migrations', unit: '', digits: 0 },
  { key: 'reroutes', unit: '', digits: 0 },
  { key: 'energy_j', unit: 'J', digits: 3, lowerBetter: true },
  { key: 'energy_per_token_j', unit: 'J/token', digits: 4, lowerBetter: true },
  { key: 'hot_window_share', unit: '%', digits: 1, factor: 100, lowerBetter: true },
  { key: 't_first_hot_ms', unit: 'ms', digits: 0, lowerBetter: false },
  { key: 'throttled_ms', unit: 'ms', digits: 0, lowerBetter: true },
  { key: 'expert_load_max_mean', unit: '', digits: 2, lowerBetter: true },
  { key: 'banks_touched_mean', unit: '', digits: 0 },
  { key: 'banks_touched_max', unit: '', digits: 0 },
  { key: 'weight_read_ms_per_task', unit: 'ms', digits: 4, lowerBetter: true },
  { key: 'compute_ms_per_task', unit: 'ms', digits: 4 },
];

/** No window reached Thot: the run has a hot share but no first-hot time. */
function neverHot(r: MetricsRow, key: string): boolean {
  return key === 't_first_hot_ms' && r[key] === undefined && typeof r.hot_window_share === 'number';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(x: number, digits: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * The 95 % t-interval of a scenario's difference to baseline, paired by trace seed (the `seed`
 * column of rows with repeats; by row order without it), as summary.csv's delta columns.
 */
export function pairedDelta(rows: readonly MetricsRow[], base: readonly MetricsRow[], key: string): MeanCi | undefined {
  const bySeed = rows.every((r) => typeof r.seed === 'number') && base.every((r) => typeof r.seed === 'number');
  const diffs: number[] = [];
  rows.forEach((r, i) => {
    const b = bySeed ? base.find((x) => x.seed === r.seed) : base[i];
    const v = r[key];
    const w = b?.[key];
    if (typeof v === 'number' && typeof w === 'number') diffs.push(v - w);
  });
  return diffs.length > 1 ? meanCi95(diffs) : undefined;
}

/** A paired difference whose interval contains 0 is within the run-to-run noise. */
export function isWithinNoise(d: MeanCi | undefined): boolean {
  return d !== undefined && d.n > 1 && !(d.low > 0 || d.high < 0);
}

/** Change against baseline: kelvin for temperatures, percentage points for shares, percent otherwise (counts: absolute). */
function change(value: number, base: number, col: Column, noise = false): string {
  const f = col.factor ?? 1;
  const d = (value - base) * f;
  if (noise) {
    const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
    const unit = col.unit === '°C' ? ' K' : col.unit === '%' ? ' pp' : '';
    return `<span class="delta noise" title="the 95 % interval of the seed-paired difference to baseline contains 0">${sign}${fmt(Math.abs(d), col.unit === '°C' ? 1 : col.digits)}${unit} ~ within noise</span>`;
  }
  const good =
    col.lowerBetter === undefined || Math.abs(d) < 0.5 * 10 ** -col.digits
      ? ''
      : d < 0 === col.lowerBetter
        ? ' better'
        : ' worse';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  let text: string;
  if (col.unit === '°C') text = `${sign}${fmt(Math.abs(d), 1)} K`;
  else if (col.unit === '%') text = `${sign}${fmt(Math.abs(d), col.digits)} pp`;
  else if (col.unit === '' || base === 0) text = `${sign}${fmt(Math.abs(d), col.digits)}`;
  else text = `${sign}${fmt(Math.abs((100 * (value - base)) / base), 1)} %`;
  return `<span class="delta${good}">${text}</span>`;
}

/**
 * `rows`: one per scenario (the mean row with repeats); `repeats`: each scenario's rows, for the
 * "± half-width of the 95 % t-interval" under a mean of several repeats.
 */
export function summaryTableHtml(
  rows: readonly MetricsRow[],
  repeats?: ReadonlyMap<Scenario, readonly MetricsRow[]>,
): string {
  const cols = SUMMARY_COLUMNS.filter((c) => rows.some((r) => typeof r[c.key] === 'number' || neverHot(r, c.key)));
  const base = rows.find((r) => r.scenario === 'baseline');
  const baseReps = repeats?.get('baseline') ?? [];
  const head = cols
    .map(
      (c) =>
        `<th><code>${c.key.replace(/_/g, '_<wbr>')}</code>${c.unit === '' ? '' : `<br><span class="unit">${escapeHtml(c.unit)}</span>`}</th>`,
    )
    .join('');
  const body = rows
    .map((r) => {
      const reps = repeats?.get(r.scenario) ?? [];
      const cells = cols
        .map((c) => {
          const v = r[c.key];
          if (typeof v !== 'number') return neverHot(r, c.key) ? '<td>never</td>' : '<td>–</td>';
          const b = base?.[c.key];
          const noise = reps.length > 1 && baseReps.length > 1 && isWithinNoise(pairedDelta(reps, baseReps, c.key));
          const delta =
            base !== undefined && r !== base && typeof b === 'number' ? `<br>${change(v, b, c, noise)}` : '';
          const ci = reps.length > 1 ? columnCi(reps, c.key) : undefined;
          const pm =
            ci !== undefined && ci.n > 1
              ? `<span class="ci"> ± ${fmt(((ci.high - ci.low) / 2) * (c.factor ?? 1), c.digits)}</span>`
              : '';
          return `<td>${fmt(v * (c.factor ?? 1), c.digits)}${pm}${delta}</td>`;
        })
        .join('');
      return `<tr><th scope="row"><span class="swatch" style="background:${scenarioColor(r.scenario)}"></span>${escapeHtml(scenarioLabel(r.scenario))}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="summary"><thead><tr><th>Scenario</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
