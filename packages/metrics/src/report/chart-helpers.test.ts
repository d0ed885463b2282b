import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFigure } from './figure-io.js';
import { groupedBarSpec, lineChartSpec } from './chart-helpers.js';
import { renderSvg } from './render.js';
import { SCENARIO_COLORS } from './scenario-style.js';
import { countMarks } from '../__fixtures__/count-svg-marks.js';

// A sweep as the sweeper would plot it: T_peak_logic against Thot, one line per scenario.
const sweep = [70, 75, 80, 85].flatMap((thot) =>
  (['tacs', 'tas', 'baseline'] as const).map((scenario, i) => ({ scenario, Thot: thot, T_peak_logic: 95 - i * 3 - (thot - 70) * 0.1, migrations: 100 - thot })),
);

describe('lineChartSpec', () => {
  const spec = lineChartSpec(sweep, {
    x: { field: 'Thot', title: 'Thot (°C)' },
    y: { field: 'T_peak_logic', title: 'Peak logic temperature (°C)', format: '.1f' },
    color: { field: 'scenario', title: 'Scenario' },
    title: 'Sweep over Thot',
    points: true,
  });

  it('matches its snapshot', () => {
    expect(spec).toMatchSnapshot();
  });

  it('scenario colours are the fixed ones, in canonical order, whatever the row order', () => {
    const json = JSON.stringify(spec);
    expect(json).toContain(JSON.stringify({ domain: ['baseline', 'tacs', 'tas'], range: [SCENARIO_COLORS.baseline, SCENARIO_COLORS.tacs, SCENARIO_COLORS.tas] }));
  });

  it('renders one line per scenario and a point per row', async () => {
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'line')).toBe(3);
    expect(countMarks(svg, 'symbol')).toBe(sweep.length);
    expect(svg).toContain('Thot (°C)');
    expect(svg).toContain('TACS'); // legend label, not the key
  });

  it('shorthand field names mean the same chart, titled by the field', () => {
    const short = lineChartSpec(sweep, { x: 'Thot', y: 'T_peak_logic', color: 'scenario' });
    const long = lineChartSpec(sweep, { x: { field: 'Thot', title: 'Thot' }, y: { field: 'T_peak_logic', title: 'T_peak_logic' }, color: { field: 'scenario', title: 'Scenario' } });
    expect(short).toEqual(long);
  });

  it('writeFigure writes the SVG and PNG of a sweep plot', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-figure-'));
    try {
      const files = await writeFigure(spec, path.join(dir, 'sweeps', 'thot'), { pngScale: 1 });
      expect(files).toEqual([path.join(dir, 'sweeps', 'thot.svg'), path.join(dir, 'sweeps', 'thot.png')]);
      expect(readFileSync(files[0] ?? '', 'utf8')).toMatch(/^<svg/);
      expect(existsSync(files[1] ?? '')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a non-scenario colour field gets a categorical scheme', () => {
    const s = lineChartSpec(
      sweep.map((r) => ({ ...r, k: `k=${r.Thot % 2}` })),
      { x: { field: 'Thot', title: 'Thot' }, y: { field: 'migrations', title: 'Migrations' }, color: { field: 'k', title: 'k' } },
    );
    expect(JSON.stringify(s)).toContain('"scheme":"tableau10"');
  });
});

describe('groupedBarSpec', () => {
  it('one bar per (group, scenario), values folded from columns', async () => {
    const rows = sweep.filter((r) => r.Thot === 80);
    const spec = groupedBarSpec(rows, {
      groups: { title: 'Metric', fields: [{ field: 'T_peak_logic', label: 'Logic' }, { field: 'migrations', label: 'Migrations' }] },
      bars: { field: 'scenario', title: 'Scenario' },
      y: { field: 'v', title: 'Value' },
      valueLabels: true,
      rules: [{ value: 90, label: 'limit' }],
    });
    expect(spec).toMatchSnapshot();
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'rect')).toBe(6);
    expect(countMarks(svg, 'text')).toBe(6 + 1);
    expect(countMarks(svg, 'rule')).toBe(1);
  });
});
