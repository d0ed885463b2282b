/**
 * report.html in a real browser (Debian's /usr/bin/chromium, headless, via
 * playwright-core): every chart renders with the expected number of SVG marks,
 * no console errors, no network, the heat-map slider and play button change
 * the frame. Screenshots go to <repo>/test-artifacts/report/.
 * Skipped (with the reason in its name) where /usr/bin/chromium is absent;
 * .ci/run installs it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from './build-report.js';
import { FRAME_PARAM } from './heatmap-chart.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const FIXTURE = path.join(import.meta.dirname, '..', '__fixtures__', 'results-small');
const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'test-artifacts', 'report');
if (!hasChromium) console.warn(`report.browser.test: SKIPPED, ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does)`);

// Page-side code is passed as strings: this package compiles without the DOM library.
const frameOf = `window.tasmoeReport.views['heatmap'].signal('${FRAME_PARAM}')`;

describe.skipIf(!hasChromium)(`report.html in headless Chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} not installed)`}`, () => {
  let dir = '';
  let userData = '';
  let ctx: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-report-browser-'));
    userData = mkdtempSync(path.join(tmpdir(), 'tasmoe-chromium-profile-'));
    cpSync(FIXTURE, dir, { recursive: true });
    await buildReport(dir, { svg: false, generatedAt: 'browser test' });
    ctx = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
    const fills = () => page.locator('#chart-heatmap svg g.mark-rect.role-mark > path').evaluateAll((els) => els.map((e) => e.getAttribute('fill')).join(','));
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

  it('the play button steps the frames', async () => {
    const frame = async () => Number(await page.evaluate(frameOf));
    await page.locator('#heatmap-play').click();
    await expect.poll(frame, { timeout: 5_000 }).toBeGreaterThan(2);
    await page.locator('#heatmap-play').click();
    const paused = await frame();
    await page.waitForTimeout(400);
    expect(await frame()).toBe(paused);
    expect(await page.locator('#heatmap-play').textContent()).toContain('Play');
  });

  it('saves screenshots as test artifacts', async () => {
    const full = path.join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: full, fullPage: true });
    await page.locator('#fig-heatmap').screenshot({ path: path.join(ARTIFACTS, 'heatmap.png') });
    expect(existsSync(full)).toBe(true);
  });
});
