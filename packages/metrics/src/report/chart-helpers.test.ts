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
  (['tacs', 'tas', 'baseline'] as const).map((scenario, i) => ({
    scenario,
    Thot: thot,
    T_peak_logic: 95 - i * 3 - (thot - 70) * 0.1,
    migrations: 100 - thot,
  })),
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
    expect(json).toContain(
      JSON.stringify({
        domain: ['baseline', 'tacs', 'tas'],
        range: [SCENARIO_COLORS.baseline, SCENARIO_COLORS.tacs, SCENARIO_COLORS.tas],
      }),
    );
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
    const long = lineChartSpec(sweep, {
      x: { field: 'Thot', title: 'Thot' },
      y: { field: 'T_peak_logic', title: 'T_peak_logic' },
      color: { field: 'scenario', title: 'Scenario' },
    });
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
      {
        x: { field: 'Thot', title: 'Thot' },
        y: { field: 'migrations', title: 'Migrations' },
        color: { field: 'k', title: 'k' },
      },
    );
    expect(JSON.stringify(s)).toContain('"scheme":"tableau10"');
  });
});

describe('lineChartSpec on a flat series and with scenario markers', () => {
  const flat = [0, 1, 2, 3].flatMap((t) =>
    (['baseline', 'tacs'] as const).map((scenario) => ({ scenario, t, f: 2, z: 0 })),
  );
  const ticks = (svg: string) =>
    [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/>([^<]+)<\/text>/g)].map((t) => t[1]),
    );

  it('a constant series gets a ±5 % axis with round ticks, not "2.000000"', async () => {
    const svg = await renderSvg(lineChartSpec(flat, { x: 't', y: 'f', color: 'scenario' }));
    const y = ticks(svg)[1] ?? [];
    expect(y).toContain('1.90');
    expect(y).toContain('2.10');
    expect(svg).not.toContain('2.000000');
  });

  it('a series at zero gets 0..1; counts tick at whole numbers only', async () => {
    const y =
      ticks(
        await renderSvg(
          lineChartSpec(flat, { x: 't', y: { field: 'z', title: 'z', format: 'd', zero: true }, color: 'scenario' }),
        ),
      )[1] ?? [];
    expect(y).toEqual(['0', '1']);
  });

  it("a series with a spread keeps vega's own axis", async () => {
    const rows = flat.map((r) => ({ ...r, f: r.t * 10 }));
    const y = ticks(await renderSvg(lineChartSpec(rows, { x: 't', y: 'f', color: 'scenario' })))[1] ?? [];
    expect(y).toEqual(['0', '5', '10', '15', '20', '25', '30']);
  });

  it('markers: one shape per scenario, staggered so coinciding lines show both', async () => {
    const rows = Array.from({ length: 48 }, (_, t) =>
      (['baseline', 'tacs'] as const).map((scenario) => ({ scenario, t, v: Math.sin(t) })),
    ).flat();
    const svg = await renderSvg(lineChartSpec(rows, { x: 't', y: 'v', color: 'scenario', markers: 6 }));
    const marks = [
      ...svg.matchAll(/<path aria-label="t: (\d+); v: [^"]*; Scenario: (\w+)"[^>]*aria-roledescription="point"/g),
    ].map((m) => ({ t: Number(m[1]), s: m[2] }));
    const at = (s: string) => marks.filter((m) => m.s === s).map((m) => m.t);
    // 48 points / 6 = a marker every 8; baseline offset floor(8 * 0.5 / 2) = 2, tacs floor(8 * 1.5 / 2) = 6
    expect(at('baseline')).toEqual([2, 10, 18, 26, 34, 42]);
    expect(at('tacs')).toEqual([6, 14, 22, 30, 38, 46]);
    expect(JSON.stringify(lineChartSpec(rows, { x: 't', y: 'v', color: 'scenario', markers: 6 }))).toContain(
      '"range":["circle","triangle-up"]',
    );
  });
});

describe('groupedBarSpec', () => {
  it('one bar per (group, scenario), values folded from columns', async () => {
    const rows = sweep.filter((r) => r.Thot === 80);
    const spec = groupedBarSpec(rows, {
      groups: {
        title: 'Metric',
        fields: [
          { field: 'T_peak_logic', label: 'Logic' },
          { field: 'migrations', label: 'Migrations' },
        ],
      },
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
