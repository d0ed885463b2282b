import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, writeFigureJob, type FigureJob } from './build-report.js';
import { reportHtml, scriptSafeJson } from './report-html.js';
import { reportModel } from './report-model.js';
import { loadResults } from './results-bundle.js';
import { folderSource } from './results-io.js';
import { summaryTableHtml } from './summary-table.js';
import type { MetricsRow } from '@tasmoe/schemas';

const FIXTURE = path.join(import.meta.dirname, '..', '__fixtures__', 'results-small');
const bundle = loadResults(folderSource(FIXTURE));
const vendor = [{ name: 'vega', version: '0', text: 'window.vegaStub = 1; // </script> in a comment' }];

function page(model = reportModel(bundle)) {
  return reportHtml({
    model,
    manifest: bundle.manifest,
    metrics: bundle.scenarios.map((s) => s.metrics),
    notes: ['a note'],
    vendor,
    figuresDir: 'figures',
    generatedAt: 'T',
  });
}

function embeddedData(html: string): {
  figures: { id: string; data: string[] }[];
  datasets: Record<string, unknown[]>;
} {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error('no data block');
  return JSON.parse(m[1] ?? '') as { figures: { id: string; data: string[] }[]; datasets: Record<string, unknown[]> };
}

describe('report.html', () => {
  it('is self-contained: no external scripts, styles or images', () => {
    const html = page();
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/<img[^>]+src="https?:/);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/);
  });

  it('embeds every figure with the datasets it names', () => {
    const data = embeddedData(page());
    expect(data.figures.map((f) => f.id)).toEqual([
      'temperature',
      'performance',
      'pareto',
      'timeseries-thermal',
      'timeseries-system',
      'heatmap',
      'heatmap-mean',
      'heatmap-max',
      'placement',
    ]);
    for (const f of data.figures) for (const d of f.data) expect(data.datasets[d]?.length).toBeGreaterThan(0);
  });

  it('has a chart container, a caption and figure links per figure, and the play button for the heat maps', () => {
    const html = page();
    expect(html.match(/<div class="chart" id="chart-/g)).toHaveLength(9);
    expect(html.match(/<figcaption>/g)).toHaveLength(9);
    expect(html).toContain('<a href="figures/temperature.svg">SVG</a>');
    expect(html).not.toContain('figures/heatmap.svg');
    expect(html).toContain('id="heatmap-play"');
    expect(html).toContain('<p>a note</p>');
  });

  it('data cannot break out of its script element', () => {
    const model = reportModel(bundle);
    const hostile = {
      ...model,
      datasets: { ...model.datasets, summary: [{ scenario: 'baseline', note: '</script><script>alert(1)</script>' }] },
    };
    const html = page(hostile);
    expect(html).not.toContain('<script>alert(1)');
    expect(embeddedData(html).datasets.summary).toEqual([
      { scenario: 'baseline', note: '</script><script>alert(1)</script>' },
    ]);
    expect(scriptSafeJson('\u2028<')).toBe('"\\u2028\\u003c"');
    // Inlined library code is escaped too.
    expect(html).toContain('// <\\/script> in a comment');
  });

  it('summary table: one row per scenario, changes against baseline, lower temperature shown as better', () => {
    const t = summaryTableHtml(bundle.scenarios.map((s) => s.metrics));
    expect(t.match(/<tr><th scope="row">/g)).toHaveLength(4);
    expect(t).toContain('<code>T_<wbr>peak_<wbr>logic</code>');
    const tasRow = t.split('\n').find((l) => l.includes('>TAS<')) ?? '';
    const base = bundle.scenarios[0]?.metrics.T_peak_logic ?? 0;
    const tas = bundle.scenarios[3]?.metrics.T_peak_logic ?? 0;
    expect(tasRow).toContain(`<span class="delta better">−${(base - tas).toFixed(1)} K</span>`);
  });
});

describe('summary table with the new metrics and repeats', () => {
  it('a run that never reached Thot says "never"; repeats show ± the half-width of the 95 % t-interval', () => {
    const base = { ...bundle.scenarios[0]?.metrics, scenario: 'baseline' as const, hot_window_share: 0 } as MetricsRow;
    delete base.t_first_hot_ms;
    const reps = [71, 72, 73].map((t) => ({ ...base, T_peak_logic: t }));
    const t = summaryTableHtml([{ ...base, T_peak_logic: 72 }], new Map([['baseline', reps]]));
    expect(t).toContain('<td>never</td>');
    // s = 1, half-width 4.303 / sqrt(3) = 2.48 -> "± 2.5"
    expect(t).toContain('<td>72.0<span class="ci"> ± 2.5</span></td>');
    expect(t).toContain('<code>energy_<wbr>per_<wbr>token_<wbr>j</code>');
    expect(summaryTableHtml([base])).not.toContain('±');
  });
});

describe('buildReport on a copy of the fixture folder', () => {
  it('with a delegate (another thread in run-all) writes the same bytes as a whole build', async () => {
    const whole = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-'));
    const split = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-'));
    try {
      cpSync(FIXTURE, whole, { recursive: true });
      cpSync(FIXTURE, split, { recursive: true });
      await buildReport(whole, { pngScale: 1, generatedAt: 'x' });
      const delegated: string[] = [];
      // the delegate renders its jobs in reverse order: a figure must not depend on what ran before
      const r = await buildReport(split, {
        pngScale: 1,
        generatedAt: 'x',
        delegate: async (jobs: readonly FigureJob[]) => {
          delegated.push(...jobs.map((j) => j.id));
          const files: string[][] = [];
          for (const j of [...jobs].reverse()) files.unshift(await writeFigureJob(j));
          return files;
        },
      });
      expect(delegated).toEqual(['timeseries-system', 'heatmap-max', 'heatmap-mean', 'temperature']);
      expect(r.figures).toHaveLength(16);
      expect(r.figures.map((f) => path.basename(f))).toEqual(
        [
          'temperature',
          'performance',
          'pareto',
          'timeseries-thermal',
          'timeseries-system',
          'heatmap-mean',
          'heatmap-max',
          'placement',
        ].flatMap((id) => [`${id}.svg`, `${id}.png`]),
      );
      // Buffer.equals: a deep toEqual over the multi-megabyte page takes minutes
      for (const name of ['report.html', ...readdirSync(path.join(whole, 'figures')).map((f) => `figures/${f}`)])
        expect(readFileSync(path.join(split, name)).equals(readFileSync(path.join(whole, name))), name).toBe(true);
    } finally {
      rmSync(whole, { recursive: true, force: true });
      rmSync(split, { recursive: true, force: true });
    }
  }, 180_000); // two whole builds

  it('writes report.html and an SVG and a PNG per static figure', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const lines: string[] = [];
      const r = await buildReport(dir, { pngScale: 1, onProgress: (m) => lines.push(m) });
      expect(r.html).toBe(path.join(dir, 'report.html'));
      const figs = readdirSync(path.join(dir, 'figures')).sort();
      const ids = [
        'heatmap-max',
        'heatmap-mean',
        'pareto',
        'performance',
        'placement',
        'temperature',
        'timeseries-system',
        'timeseries-thermal',
      ];
      expect(figs).toEqual(ids.flatMap((id) => [`${id}.png`, `${id}.svg`]));
      expect(r.figures).toHaveLength(16);
      const html = readFileSync(r.html, 'utf8');
      expect(html).toMatch(/<script data-vendor="vega">/);
      expect(html).toMatch(/<script data-vendor="vega-lite">/);
      expect(html).toMatch(/<script data-vendor="vega-embed">/);
      expect(lines.at(-1)).toContain('report.html');
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      // Rebuilding from the results alone gives the identical page (same timestamp given).
      const first = readFileSync((await buildReport(dir, { svg: false, generatedAt: 'x' })).html, 'utf8');
      const again = readFileSync((await buildReport(dir, { svg: false, generatedAt: 'x' })).html, 'utf8');
      expect(again).toBe(first);
      expect(again).not.toContain('figures/temperature.svg'); // no links to figures it did not write
      expect(existsSync(path.join(dir, 'figures', 'temperature.svg'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
