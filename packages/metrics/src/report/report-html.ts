/**
 * report.html as one string: styles, the vega/vega-lite/vega-embed bundles,
 * the figures' specs and their datasets all inlined (no network when viewed).
 * The page script only embeds the specs and drives the heat-map player's
 * `frame` parameter; all drawing is vega's.
 */
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import { FRAME_PARAM } from './heatmap-chart.js';
import { namedData } from './render.js';
import type { ReportModel } from './report-model.js';
import type { RunManifest } from './run-manifest.js';
import { scenarioLabel } from './scenario-style.js';
import { escapeHtml, summaryTableHtml } from './summary-table.js';
import type { VendorScript } from './vendor-io.js';

export interface ReportPageInput {
  readonly model: ReportModel;
  readonly manifest: RunManifest;
  readonly metrics: readonly MetricsRow[];
  /** Each scenario's rows when the folder holds repeats (the table shows the intervals). */
  readonly repeats?: ReadonlyMap<Scenario, readonly MetricsRow[]>;
  readonly notes: readonly string[];
  readonly vendor: readonly VendorScript[];
  /** Relative folder of the static figures (links under each figure); undefined = no links. */
  readonly figuresDir?: string;
  /** Shown as the generator line; a fixed value keeps pages byte-stable in tests. */
  readonly generatedAt?: string;
}

/** JSON safe inside <script>: no "</script", no "<!--", and line separators escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function scriptSafeCode(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

const STYLE = `
:root { --fg:#1a1a1a; --muted:#5a5a5a; --rule:#d9d9d9; --accent:#0072B2; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, "Liberation Sans", sans-serif; color: var(--fg); margin: 0; background: #fafafa; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; background: white; min-height: 100vh; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-top: 8px; border-top: 1px solid var(--rule); }
.meta { color: var(--muted); margin: 0 0 12px; font-size: 14px; }
.meta code { color: var(--fg); }
nav ol { columns: 2; font-size: 14px; margin: 8px 0 0; padding-left: 20px; }
nav a, .links a { color: var(--accent); text-decoration: none; }
.scenario-notes { background: #eef5fb; border-left: 4px solid #0072B2; padding: 8px 12px; font-size: 14px; margin: 8px 0; }
.scenario-notes p { margin: 4px 0; }
.ci { font-size: 11px; color: var(--muted); }
.notes { background: #fff6e0; border-left: 4px solid #E69F00; padding: 8px 12px; font-size: 14px; }
table.summary { border-collapse: collapse; font-size: 12.5px; margin-top: 8px; font-variant-numeric: tabular-nums; }
table.summary th, table.summary td { padding: 5px 7px; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; }
table.summary thead th { border-bottom: 2px solid #333; font-weight: 600; vertical-align: bottom; }
table.summary td, table.summary th[scope=row] { white-space: nowrap; }
table.summary th[scope=row], table.summary thead th:first-child { text-align: left; white-space: nowrap; }
.unit { font-weight: normal; color: var(--muted); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.delta { font-size: 11px; color: var(--muted); }
.delta.better { color: #1b7837; } .delta.worse { color: #b2182b; } .delta.noise { font-style: italic; }
figure { margin: 8px 0 0; }
.chart, .chart.vega-embed { display: block; overflow-x: auto; max-width: 100%; }
.table-wrap { overflow-x: auto; }
figcaption { font-size: 13px; color: var(--muted); max-width: 900px; margin-top: 6px; line-height: 1.45; }
.links { font-size: 12px; margin-left: 8px; }
.player { display: flex; gap: 12px; align-items: center; margin: 6px 0; font-size: 13px; }
.player button .icon { vertical-align: -1px; margin-right: 3px; }
.player button { font: inherit; padding: 4px 14px; border: 1px solid #888; border-radius: 4px; background: #f3f3f3; cursor: pointer; min-width: 84px; }
.vega-bindings { display: flex; flex-wrap: wrap; gap: 18px; font-size: 13px; margin-top: 6px; }
.vega-bind input[type=range] { width: 320px; vertical-align: middle; }
.chart-error { color: #b2182b; white-space: pre-wrap; }
details pre { font-size: 12px; background: #f5f5f5; padding: 10px; overflow-x: auto; max-height: 480px; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
`;

/**
 * The play / pause icons are drawn (inline SVG), not characters: U+23F8 (pause) is in neither
 * Liberation Sans nor DejaVu Sans and showed as a box, and U+25B6 depends on the fallback font.
 */
const ICON = 'class="icon" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false"';
export const PLAY_LABEL = `<svg ${ICON}><path d="M1.5 0.5 L9.5 5 L1.5 9.5 Z" fill="currentColor"/></svg> Play`;
export const PAUSE_LABEL = `<svg ${ICON}><rect x="1.5" y="0.5" width="2.6" height="9" fill="currentColor"/><rect x="5.9" y="0.5" width="2.6" height="9" fill="currentColor"/></svg> Pause`;

/** The page script (plain browser JS, no drawing: vega-embed draws). */
function pageScript(playerId: string | undefined, frameCount: number): string {
  return `
(function () {
  var R = JSON.parse(document.getElementById('report-data').textContent);
  var views = {};
  var opts = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  function embedOne(f) {
    var spec = Object.assign({}, f.spec, { datasets: {} });
    f.data.forEach(function (n) { spec.datasets[n] = R.datasets[n]; });
    return vegaEmbed('#chart-' + f.id, spec, Object.assign({ downloadFileName: f.id }, opts))
      .then(function (res) { views[f.id] = res.view; })
      .catch(function (err) {
        var el = document.getElementById('chart-' + f.id);
        el.innerHTML = '';
        var p = document.createElement('p'); p.className = 'chart-error'; p.textContent = 'Chart failed: ' + err; el.appendChild(p);
        console.error('chart ' + f.id + ' failed:', err);
        throw err;
      });
  }
  var ready = Promise.all(R.figures.map(embedOne)).then(function () { document.body.setAttribute('data-rendered', 'true'); });
  window.tasmoeReport = { views: views, ready: ready };
  var playerId = ${JSON.stringify(playerId ?? null)};
  var frames = ${frameCount};
  var button = document.getElementById('heatmap-play');
  if (playerId === null || button === null) return;
  var timer = null;
  function stop() { clearInterval(timer); timer = null; button.innerHTML = ${JSON.stringify(PLAY_LABEL)}; }
  button.addEventListener('click', function () {
    var view = views[playerId];
    if (!view) return;
    if (timer !== null) { stop(); return; }
    if (view.signal('${FRAME_PARAM}') >= frames - 1) view.signal('${FRAME_PARAM}', 0).runAsync();
    button.innerHTML = ${JSON.stringify(PAUSE_LABEL)};
    timer = setInterval(function () {
      var f = view.signal('${FRAME_PARAM}');
      if (f >= frames - 1) { stop(); return; }
      view.signal('${FRAME_PARAM}', f + 1).runAsync();
    }, 150);
  });
})();
`;
}

function metaLine(m: RunManifest): string {
  const parts = [
    `workload <code>${escapeHtml(m.workload)}</code>`,
    `scenarios ${m.scenarios.map((s) => scenarioLabel(s)).join(', ')}`,
    `${m.mesh.cols}×${m.mesh.rows} core mesh`,
    ...(m.dramLayers > 0 ? [`${m.dramLayers} DRAM dies`] : []),
    ...(m.windowMs > 0 ? [`${m.windowMs} ms windows`] : []),
    ...(m.created === undefined ? [] : [`run created ${escapeHtml(m.created)}`]),
  ];
  return parts.join(' · ');
}

export function reportHtml(input: ReportPageInput): string {
  const { model, manifest } = input;
  const figuresData = model.figures.map((f) => ({ id: f.id, spec: f.spec, data: [...namedData(f.spec)] }));
  const data = { figures: figuresData, datasets: model.datasets };
  const nav = [
    '<li><a href="#summary">Summary table</a></li>',
    ...model.figures.map((f) => `<li><a href="#fig-${f.id}">${escapeHtml(f.title)}</a></li>`),
    ...(manifest.details.configs === undefined ? [] : ['<li><a href="#configs">Run configuration</a></li>']),
  ].join('');
  const sections = model.figures
    .map((f, i) => {
      const links =
        f.static && input.figuresDir !== undefined
          ? `<span class="links"><a href="${input.figuresDir}/${f.id}.svg">SVG</a> · <a href="${input.figuresDir}/${f.id}.png">PNG</a></span>`
          : '';
      const player =
        f.id === model.heat.playerId
          ? `<div class="player"><button id="heatmap-play" type="button">${PLAY_LABEL}</button><span>steps through the frames; or drag the frame slider below the maps</span></div>`
          : '';
      return `<section id="fig-${f.id}"><h2>Figure ${i + 1}. ${escapeHtml(f.title)}${links}</h2>${player}<figure><div class="chart" id="chart-${f.id}" data-figure="${f.id}"></div><figcaption>${escapeHtml(f.caption)}</figcaption></figure></section>`;
    })
    .join('\n');
  const notes =
    input.notes.length === 0
      ? ''
      : `<div class="notes">${input.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}</div>`;
  const scenarioNotes =
    model.scenarioNotes.length === 0
      ? ''
      : `<div class="scenario-notes" id="scenario-notes">${model.scenarioNotes.map((n) => `<p data-scenario="${n.scenario}">${escapeHtml(n.text)}</p>`).join('')}</div>`;
  const repeatsNote =
    model.repeats > 1
      ? ` Values are means over the repeats (up to ${model.repeats}, one row each in the CSV), ± the half-width of their 95 % t-interval; a change marked “~ within noise” is one whose seed-paired difference to baseline has a 95 % t-interval containing 0 (as the terminal table's ~).`
      : '';
  const configs =
    manifest.details.configs === undefined
      ? ''
      : `<section id="configs"><h2>Run configuration</h2><details><summary>Resolved configs recorded in run-all.json</summary><pre>${escapeHtml(JSON.stringify(manifest.details.configs, null, 2))}</pre></details></section>`;
  const vendorNote = input.vendor.map((v) => `${v.name} ${escapeHtml(v.version)}`).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TAS-MoE report: ${escapeHtml(manifest.workload)}</title>
<style>${STYLE}</style>
${input.vendor.map((v) => `<script data-vendor="${v.name}">${scriptSafeCode(v.text)}</script>`).join('\n')}
</head>
<body>
<main>
<h1>TAS-MoE results: ${escapeHtml(manifest.workload)}</h1>
<p class="meta">${metaLine(manifest)}</p>
${notes}
${scenarioNotes}
<nav><ol>${nav}</ol></nav>
<section id="summary"><h2>Summary</h2>
<p class="meta">The unified metrics row of each scenario (<code>&lt;scenario&gt;/${escapeHtml(manifest.workload)}.csv</code>); below each value, the change against baseline.${repeatsNote}</p>
${summaryTableHtml(input.metrics, input.repeats)}
</section>
${sections}
${configs}
<footer>Generated by <code>tasmoe report</code>${input.generatedAt === undefined ? '' : ` on ${escapeHtml(input.generatedAt)}`} from the results folder's CSV files alone. Charts: ${vendorNote} (inlined).</footer>
</main>
<script type="application/json" id="report-data">${scriptSafeJson(data)}</script>
<script>${pageScript(model.heat.playerId, model.heat.clock.tMs.length)}</script>
</body>
</html>
`;
}
