import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_COLORS } from './scenario-style.js';
import { loadResults, type ResultsBundle } from './results-bundle.js';
import { folderSource } from './results-io.js';
import { renderSvg, svgToPng, withDatasets, namedData } from './render.js';
import { reportModel, type ReportModel } from './report-model.js';
import { countMarks } from '../__fixtures__/count-svg-marks.js';

const FIXTURE = path.join(import.meta.dirname, '..', '__fixtures__', 'results-small');

let bundle: ResultsBundle;
let model: ReportModel;
beforeAll(() => {
  bundle = loadResults(folderSource(FIXTURE));
  model = reportModel(bundle);
});

/** Every scenario colour scale in a spec (domain -> range pairs). */
function colourScales(spec: unknown, out: { domain: unknown[]; range: unknown[] }[] = []) {
  if (Array.isArray(spec)) spec.forEach((s) => colourScales(s, out));
  else if (typeof spec === 'object' && spec !== null) {
    const o = spec as Record<string, unknown>;
    if (o.field === 'scenario' && typeof o.scale === 'object' && o.scale !== null) {
      const sc = o.scale as { domain: unknown[]; range: unknown[] };
      // colour ranges only (shape scales map scenarios too)
      if (Array.isArray(sc.range) && sc.range.every((c) => typeof c === 'string' && c.startsWith('#'))) out.push(sc);
    }
    Object.values(o).forEach((v) => colourScales(v, out));
  }
  return out;
}

describe('report model from the fixture results folder', () => {
  it('has the figures the issue asks for, in reading order', () => {
    expect(model.figures.map((f) => [f.id, f.static])).toEqual([
      ['temperature', true],
      ['performance', true],
      ['pareto', true],
      ['timeseries-thermal', true],
      ['timeseries-system', true],
      ['heatmap', false],
      ['heatmap-mean', true],
      ['heatmap-max', true],
      ['placement', true],
    ]);
  });

  it('datasets come from the CSVs: one summary row, every window, every frame per scenario', () => {
    expect(model.datasets.summary?.map((r) => r.T_peak_logic)).toEqual(
      bundle.scenarios.map((s) => s.metrics.T_peak_logic),
    );
    const windows = bundle.scenarios.reduce((a, s) => a + s.windows.length, 0);
    expect(model.datasets.series).toHaveLength(windows);
    expect(model.datasets.frames).toHaveLength(bundle.scenarios.reduce((a, s) => a + s.frames.frames.length, 0));
    expect(model.datasets.heat_stats).toHaveLength(4 * 9 * 64 * 2);
    expect(model.datasets.placement).toHaveLength(4 * 64);
  });

  it('series are bucketed to maxPoints per scenario and keep the run peak', () => {
    const small = reportModel(bundle, { maxPoints: 20 });
    for (const s of bundle.scenarios) {
      const rows = small.datasets.series?.filter((r) => r.scenario === s.scenario) ?? [];
      expect(rows.length).toBeLessThanOrEqual(20);
      expect(Math.max(...rows.map((r) => Number(r.T_peak_logic)))).toBeCloseTo(s.metrics.T_peak_logic, 2);
    }
  });

  it('every scenario colour scale uses the fixed scenario colours', () => {
    const scales = model.figures.flatMap((f) => colourScales(f.spec));
    expect(scales.length).toBeGreaterThan(5);
    for (const sc of scales) {
      expect(sc.range).toEqual(sc.domain.map((s) => SCENARIO_COLORS[s as keyof typeof SCENARIO_COLORS]));
    }
  });

  it('the heat maps share one colour domain spanning every frame', () => {
    const all = bundle.scenarios.flatMap((s) => s.frames.frames.flatMap((f) => [...f.cells]));
    const json = JSON.stringify(model.figures.filter((f) => f.id.startsWith('heatmap')).map((f) => f.spec));
    const domains = [...json.matchAll(/"scheme":"inferno","domain":\[([0-9.]+),([0-9.]+)\]/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(domains).toHaveLength(3);
    for (const [lo, hi] of domains) {
      expect(lo).toBeLessThanOrEqual(Math.min(...all));
      expect(hi).toBeGreaterThanOrEqual(Math.max(...all));
      expect(hi! - lo!).toBeLessThan(Math.max(...all) - Math.min(...all) + 2);
    }
  });

  it('chart specs match their snapshots (data by name, so the snapshot is the chart, not the numbers)', async () => {
    for (const f of model.figures) {
      await expect(`${JSON.stringify(f.spec, null, 2)}\n`).toMatchFileSnapshot(`__snapshots__/${f.id}.vl.json`);
    }
  });
});

describe('static figures render from the fixture', () => {
  const expected: Record<string, Partial<Record<'rect' | 'line' | 'text' | 'rule', number>>> = {
    // 2 layers x 4 scenarios bars with value labels; 3 trip lines with labels.
    temperature: { rect: 8, text: 8 + 3, rule: 3 },
    // ips 4 + latency (mean, p99) 8 + bw_util 4.
    performance: { rect: 16, text: 16 },
    // peak and mean: 4 scenarios x 2 layers; frequency and throttled: 4 each; 3 trip lines and
    // one invisible rule per panel (the flat-axis span).
    'timeseries-thermal': { line: 8 + 8 + 4 + 4, rule: 3 + 4 },
    // refresh 4, NoC 4, power 8, throughput 4, actions 8.
    'timeseries-system': { line: 28 },
    'heatmap-mean': { rect: 4 * 9 * 64 },
    'heatmap-max': { rect: 4 * 9 * 64 },
  };
  for (const [id, marks] of Object.entries(expected)) {
    it(`${id}: the expected number of marks`, async () => {
      const f = model.figures.find((x) => x.id === id);
      if (f === undefined) throw new Error(`no figure ${id}`);
      const svg = await renderSvg(withDatasets(f.spec, model.datasets), id);
      expect(svg.startsWith('<svg')).toBe(true);
      for (const [type, n] of Object.entries(marks)) expect(countMarks(svg, type as 'rect'), `${id} ${type}`).toBe(n);
    });
  }

  it('placement: a cell per core and scenario, an outline per core holding a replica, and expert labels', async () => {
    const f = model.figures.find((x) => x.id === 'placement');
    if (f === undefined) throw new Error('no placement figure');
    const svg = await renderSvg(withDatasets(f.spec, model.datasets), 'placement');
    const replicaCores = (model.datasets.placement ?? []).filter((r) => Number(r.replicas) > 0).length;
    expect(replicaCores).toBeGreaterThan(0);
    expect(countMarks(svg, 'rect')).toBe(4 * 64 + replicaCores);
    expect(countMarks(svg, 'text')).toBe(4 * 64);
    expect(svg).toContain('E16*');
  });

  it('PNG conversion gives a PNG at the requested scale', async () => {
    const f = model.figures.find((x) => x.id === 'temperature');
    if (f === undefined) throw new Error('no temperature figure');
    const svg = await renderSvg(withDatasets(f.spec, model.datasets));
    const png = svgToPng(svg, 2);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const width = Buffer.from(png).readUInt32BE(16);
    const svgWidth = Number(/width="([0-9.]+)"/.exec(svg)?.[1]);
    expect(width).toBe(Math.round(svgWidth * 2));
  });

  it('withDatasets attaches exactly the datasets a spec names', () => {
    const f = model.figures.find((x) => x.id === 'timeseries-system');
    if (f === undefined) throw new Error('no figure');
    expect([...namedData(f.spec)]).toEqual(['series']);
    expect(Object.keys((withDatasets(f.spec, model.datasets) as { datasets: object }).datasets)).toEqual(['series']);
  });
});

describe('the fixture is what the contract says', () => {
  it('metrics CSV header: the ten seed columns first', () => {
    const header = readFileSync(path.join(FIXTURE, 'baseline', 'mixtral-small.csv'), 'utf8').split('\n')[0];
    expect(header?.split(',').slice(0, 10)).toEqual([
      'scenario',
      'workload',
      'T_peak_logic',
      'T_peak_dram',
      'T_avg',
      'ips',
      'lat_ms',
      'bw_util',
      'refresh_mhz',
      'noc_load',
    ]);
  });
});
