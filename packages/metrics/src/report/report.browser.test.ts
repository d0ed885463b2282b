/**
 * report.html in a real browser (Debian's /usr/bin/chromium, headless, via
 * playwright-core): every chart renders with the expected number of SVG marks,
 * no console errors, no network, the heat-map slider and play button change
 * the frame, the DRAM-die menu redraws the DRAM row only (logic row intact,
 * nothing clipped), the derived-scenario note, and the Pareto figure with and
 * without repeats. The main page is the fixture with tacs derived from
 * baseline (as run-all writes an idle TACS); a second page adds three repeats
 * per scenario. Screenshots go to <repo>/test-artifacts/report/.
 * Skipped (with the reason in its name) where /usr/bin/chromium is absent;
 * .ci/run installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, makeEplbRepeats, makeRepeats, makeTacsDerived } from '../__fixtures__/results-variants.js';
import { buildReport } from './build-report.js';
import { DRAM_LAYER_PARAM, FRAME_PARAM } from './heatmap-chart.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'test-artifacts', 'report');
if (!hasChromium)
  console.warn(
    `report.browser.test: SKIPPED, ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does)`,
  );

// Page-side code is passed as strings: this package compiles without the DOM library.
const frameOf = `window.tasmoeReport.views['heatmap'].signal('${FRAME_PARAM}')`;

describe.skipIf(!hasChromium)(
  `report.html in headless Chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} not installed)`}`,
  () => {
    let dir = '';
    let userData = '';
    let ctx: BrowserContext;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-browser-'));
      userData = mkdtempSync(path.join(tmpdir(), 'tasmoe-chromium-profile-'));
      copyFixture(dir);
      makeTacsDerived(dir);
      await buildReport(dir, { svg: false, generatedAt: 'browser test' });
      ctx = await chromium.launchPersistentContext(userData, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1280, height: 900 },
      });
      page = await ctx.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
      await page.waitForFunction("document.body.getAttribute('data-rendered') === 'true'", null, { timeout: 30_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 60_000);

    afterAll(async () => {
      await ctx?.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(userData, { recursive: true, force: true });
    });

    /** Items of one mark type drawn in a chart container. */
    const marks = (id: string, type: string) => page.locator(`#chart-${id} svg g.mark-${type}.role-mark > *`).count();

    it('renders every chart with the expected number of SVG marks', async () => {
      const expected: [string, string, number][] = [
        ['temperature', 'rect', 8],
        ['performance', 'rect', 16],
        // 2 panels x 4 scenarios; one run each: no whiskers
        ['pareto', 'symbol', 2 * 4],
        ['pareto', 'rule', 0],
        ['timeseries-thermal', 'line', 24],
        ['timeseries-system', 'line', 28],
        // logic + one DRAM die, 4 scenarios, 64 cores
        ['heatmap', 'rect', 2 * 4 * 64],
        ['heatmap-mean', 'rect', 4 * 9 * 64],
        ['heatmap-max', 'rect', 4 * 9 * 64],
        ['placement', 'text', 4 * 64],
      ];
      for (const [id, type, n] of expected) expect(await marks(id, type), `${id} ${type}`).toBe(n);
      expect(await page.locator('.chart-error').count()).toBe(0);
    });

    it('logs no console errors or warnings and makes no network request', () => {
      expect(problems).toEqual([]);
    });

    it('moving the heat-map slider shows another frame', async () => {
      const fills = () =>
        page
          .locator('#chart-heatmap svg g.mark-rect.role-mark > path')
          .evaluateAll((els) => els.map((e) => e.getAttribute('fill')).join(','));
      const title = () => page.locator('#chart-heatmap svg text', { hasText: 'Temperature maps at' }).textContent();
      const before = await fills();
      const titleBefore = await title();
      const slider = page.locator('#chart-heatmap input[type=range]');
      expect(await slider.getAttribute('max')).toBe(await slider.inputValue());
      await slider.fill('0'); // sets the value and fires input/change, as dragging does
      await page.waitForFunction(`${frameOf} === 0`);
      await expect.poll(fills).not.toBe(before);
      expect(await title()).not.toBe(titleBefore);
      expect(await title()).toContain('(window 0)'); // the fixture's first frame is window 0
    });

    it('the play button steps the frames; its play and pause icons are drawn, not font glyphs', async () => {
      const frame = async () => Number(await page.evaluate(frameOf));
      const button = page.locator('#heatmap-play');
      expect(await button.locator('svg.icon path').count()).toBe(1); // the play triangle
      await button.click();
      await expect.poll(frame, { timeout: 5_000 }).toBeGreaterThan(2);
      expect((await button.textContent())?.trim()).toBe('Pause');
      expect(await button.locator('svg.icon rect').count()).toBe(2); // the pause bars
      await page.locator('#heatmap-play').click();
      const paused = await frame();
      await page.waitForTimeout(400);
      expect(await frame()).toBe(paused);
      expect(await page.locator('#heatmap-play').textContent()).toContain('Play');
    });

    it('choosing a DRAM die redraws the DRAM row only: the logic row stays drawn, nothing is clipped', async () => {
      await page.locator('#heatmap-play').click(); // (stopped by the previous test) start and stop: back on a fixed frame
      await page.locator('#heatmap-play').click();
      const select = page.locator('#chart-heatmap select');
      const before = await heatCells(page);
      const initial = await select.inputValue();
      const other = initial === 'dram0' ? 'dram3' : 'dram0';
      expect(before.cells).toHaveLength(2 * 4 * 64);
      await select.selectOption(other);
      await page.waitForFunction(`window.tasmoeReport.views['heatmap'].signal('${DRAM_LAYER_PARAM}') === '${other}'`);
      await expect.poll(async () => (await heatCells(page)).cells.filter((c) => c.layer === other).length).toBe(4 * 64);
      const after = await heatCells(page);
      await page.locator('#fig-heatmap').screenshot({ path: path.join(ARTIFACTS, 'heatmap-dram-menu.png') });
      // two rows of maps, labelled by the menu's choice
      expect(after.cells).toHaveLength(2 * 4 * 64);
      expect(after.rowLabels).toEqual(['Logic die', `DRAM die ${other.slice(4)}`]);
      // the logic row is drawn as before, above the DRAM row
      const logic = (r: HeatCells) => r.cells.filter((c) => c.layer === 'logic');
      expect(logic(after)).toHaveLength(4 * 64);
      expect(
        logic(after)
          .map((c) => `${c.scenario}:${c.core}:${c.fill}`)
          .sort(),
      ).toEqual(
        logic(before)
          .map((c) => `${c.scenario}:${c.core}:${c.fill}`)
          .sort(),
      );
      const dram = after.cells.filter((c) => c.layer === other);
      expect(Math.max(...logic(after).map((c) => c.bottom))).toBeLessThan(Math.min(...dram.map((c) => c.top)));
      // nothing outside the chart's SVG (a third, clipped row would be)
      for (const c of after.cells) {
        expect(c.top).toBeGreaterThanOrEqual(after.svg.top - 0.5);
        expect(c.bottom).toBeLessThanOrEqual(after.svg.bottom + 0.5);
        expect(c.left).toBeGreaterThanOrEqual(after.svg.left - 0.5);
        expect(c.right).toBeLessThanOrEqual(after.svg.right + 0.5);
      }
      expect(after.svg.bottom - after.svg.top).toBeCloseTo(before.svg.bottom - before.svg.top, 0);
      // the DRAM cells show that die's temperatures at the frame shown
      const frame = Number(await page.evaluate(frameOf));
      const expected = await page.evaluate(`(function () {
      var R = JSON.parse(document.getElementById('report-data').textContent);
      var out = {};
      R.datasets.frames.forEach(function (r) { if (r.layer === '${other}' && r.fi <= ${frame}) { var k = r.scenario; if (!out[k] || out[k].fi < r.fi) out[k] = r; } });
      return out;
    })()`);
      const rows = expected as Record<string, { c: number[] }>;
      for (const c of dram) expect(c.temp, `${c.scenario} core ${c.core}`).toBe(rows[c.scenario]?.c[c.core]);
      await select.selectOption(initial);
    });

    it("states that tacs is baseline's run, and keeps the coinciding points and lines visible", async () => {
      const note = page.locator('#scenario-notes p[data-scenario="tacs"]');
      expect(await note.count()).toBe(1);
      expect(await note.textContent()).toContain('TACS took no action: tacs = baseline');
      expect(await page.locator('#scenario-notes p').count()).toBe(1);
      // Pareto: baseline's circle and tacs's triangle at one spot, both drawn
      const shapes = await page.locator('#chart-pareto svg g.mark-symbol.role-mark > path').evaluateAll((els) =>
        els.map((e) => {
          const d = (e as unknown as { __data__: { datum: { scenario: string; panel_rank: number } } }).__data__.datum;
          const r = e.getBoundingClientRect();
          return {
            scenario: d.scenario,
            panel: d.panel_rank,
            x: Math.round(r.x + r.width / 2),
            y: Math.round(r.y + r.height / 2),
            path: e.getAttribute('d') ?? '',
          };
        }),
      );
      for (const panel of [0, 1]) {
        const base = shapes.find((p) => p.scenario === 'baseline' && p.panel === panel);
        const tacs = shapes.find((p) => p.scenario === 'tacs' && p.panel === panel);
        expect(tacs?.x).toBe(base?.x);
        expect(tacs?.y).toBe(base?.y);
        expect(tacs?.path).not.toBe(base?.path); // another marker shape
      }
      // time series: each scenario carries its own markers, tacs's off baseline's
      const markers = await page
        .locator('#chart-timeseries-thermal svg g.mark-symbol.role-mark > path')
        .evaluateAll((els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return {
              scenario: (e as unknown as { __data__: { datum: { scenario: string } } }).__data__.datum.scenario,
              x: Math.round(r.x),
            };
          }),
        );
      for (const sc of ['baseline', 'taps', 'tacs', 'tas'])
        expect(markers.filter((m) => m.scenario === sc).length, sc).toBeGreaterThan(10);
      const xs = (sc: string) => new Set(markers.filter((m) => m.scenario === sc).map((m) => m.x));
      const shared = [...xs('tacs')].filter((x) => xs('baseline').has(x));
      expect(shared.length).toBeLessThan(xs('tacs').size / 2);
      await page.locator('#fig-pareto').screenshot({ path: path.join(ARTIFACTS, 'pareto.png') });
    });

    it('saves screenshots as test artifacts', async () => {
      const full = path.join(ARTIFACTS, 'report.png');
      await page.screenshot({ path: full, fullPage: true });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-top.png') });
      await page.locator('#fig-heatmap').screenshot({ path: path.join(ARTIFACTS, 'heatmap.png') });
      expect(existsSync(full)).toBe(true);
    });
  },
);

describe.skipIf(!hasChromium)(
  `report.html of a folder with repeats in headless Chromium${hasChromium ? '' : ' (SKIPPED)'}`,
  () => {
    let dir = '';
    let userData = '';
    let ctx: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-repeats-'));
      userData = mkdtempSync(path.join(tmpdir(), 'tasmoe-chromium-profile-'));
      copyFixture(dir);
      makeRepeats(dir);
      makeEplbRepeats(dir);
      await buildReport(dir, { svg: false, generatedAt: 'browser test' });
      ctx = await chromium.launchPersistentContext(userData, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
        viewport: { width: 1280, height: 900 },
      });
      page = await ctx.newPage();
      await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
      await page.waitForFunction("document.body.getAttribute('data-rendered') === 'true'", null, { timeout: 30_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 60_000);

    afterAll(async () => {
      await ctx?.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(userData, { recursive: true, force: true });
    });

    it('the Pareto figure draws 95 % whiskers on both axes around each mean', async () => {
      // 5 scenarios (eplb included) on 2 panels
      expect(await page.locator('#chart-pareto svg g.mark-symbol.role-mark > path').count()).toBe(2 * 5);
      // x and y whisker per point
      expect(await page.locator('#chart-pareto svg g.mark-rule.role-mark > line').count()).toBe(2 * 2 * 5);
      // the legend names the new scenario
      expect(await page.locator('#chart-pareto svg text', { hasText: 'EPLB' }).count()).toBeGreaterThan(0);
      expect(await page.locator('#chart-pareto svg text', { hasText: 'mean of 3 repeats' }).count()).toBe(1);
      await page.locator('#fig-pareto').screenshot({ path: path.join(ARTIFACTS, 'pareto-repeats.png') });
    });

    it('the summary table shows means with the half-width of their interval', async () => {
      const cell = await page.locator('table.summary tbody tr').first().locator('td').first().textContent();
      // baseline T_peak_logic: 89.7841 + (0, 0.3, -0.2) -> mean 89.8174, s 0.2517, half-width 4.303 s / sqrt 3 = 0.6
      expect(cell).toContain('89.8 ± 0.6');
    });

    it('marks a change whose seed-paired interval contains 0 as within noise, and no other', async () => {
      const eplb = page.locator('table.summary tbody tr', { hasText: 'EPLB' });
      expect(await eplb.count()).toBe(1);
      // T_peak_logic: paired differences -0.45, +0.55, +0.15 K: interval contains 0
      expect(await eplb.locator('td').first().locator('.delta.noise').count()).toBe(1);
      expect(await eplb.locator('td').first().textContent()).toContain('within noise');
      // taps's T_peak_logic difference is the same every repeat (interval of zero width, not 0): no mark
      const taps = page.locator('table.summary tbody tr', { hasText: 'TAPS' });
      expect(await taps.locator('td').first().locator('.delta.noise').count()).toBe(0);
      await page.locator('table.summary').screenshot({ path: path.join(ARTIFACTS, 'summary-repeats.png') });
    });
  },
);

type HeatCell = {
  scenario: string;
  layer: string;
  core: number;
  temp: number;
  fill: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
};
type HeatCells = {
  cells: HeatCell[];
  rowLabels: string[];
  svg: { top: number; bottom: number; left: number; right: number };
};

/** The heat-map cells as drawn: datum (vega keeps the scene item on each SVG element) and screen box. */
async function heatCells(page: Page): Promise<HeatCells> {
  const cells = await page.locator('#chart-heatmap svg g.mark-rect.role-mark > path').evaluateAll((els) =>
    els.map((e) => {
      const d = (
        e as unknown as { __data__: { datum: { scenario: string; layer: string; core: number; temp: number } } }
      ).__data__.datum;
      const r = e.getBoundingClientRect();
      return {
        scenario: d.scenario,
        layer: d.layer,
        core: d.core,
        temp: d.temp,
        fill: e.getAttribute('fill') ?? '',
        top: r.top,
        bottom: r.bottom,
        left: r.left,
        right: r.right,
      };
    }),
  );
  // row headers also hold the y axes: their labels are the texts naming a die
  const rowLabels = (await page.locator('#chart-heatmap svg g.role-row-header text').allTextContents()).filter((t) =>
    t.includes('die'),
  );
  const box = await page
    .locator('#chart-heatmap svg')
    .first()
    .evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
  return { cells, rowLabels, svg: box };
}
