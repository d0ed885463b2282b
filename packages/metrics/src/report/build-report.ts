/**
 * `buildReport(resultsDir)`: read the results folder, build the figures, write
 * report.html and figures/<id>.svg + .png into it. Files are written
 * atomically (temp + rename), so an interrupted build never leaves a
 * half-written page that looks complete.
 */
import path from 'node:path';
import { writeFigureJob, writeFileAtomically, type FigureJob } from './figure-io.js';
import { namedData, rowsForSpec } from './render.js';
import { reportHtml } from './report-html.js';
import { reportModel, type ReportModel } from './report-model.js';
import { pngFonts } from './png-fonts.js';
import { readResults } from './results-io.js';
import { FIGURES_DIR, REPORT_HTML_FILE } from './results-layout.js';
import { readVendorScripts } from './vendor-io.js';

export { writeFigureJob, type FigureJob } from './figure-io.js';

export interface BuildReportOptions {
  /** Time-series points per scenario (default 1000). */
  readonly maxPoints?: number;
  /** Write figures/*.svg (default true). */
  readonly svg?: boolean;
  /** Also write figures/*.png (default true; needs svg). */
  readonly png?: boolean;
  /** PNG pixels per SVG pixel (default 3, ~300 dpi at print size). */
  readonly pngScale?: number;
  /** Called with one line per step, for CLI progress. */
  readonly onProgress?: (message: string) => void;
  /** Timestamp printed in the page footer (default: now). */
  readonly generatedAt?: string;
  /**
   * Renders every other static figure elsewhere (another thread: run-all's report worker) while
   * this call renders the rest; resolves with the files written, per job. The files are the same
   * as without it (renderSvg: a figure's SVG does not depend on what its thread rendered before).
   */
  readonly delegate?: (jobs: readonly FigureJob[]) => Promise<readonly (readonly string[])[]>;
}

export interface BuildReportResult {
  readonly html: string;
  readonly figures: readonly string[];
  readonly notes: readonly string[];
  readonly model: ReportModel;
}

export async function buildReport(resultsDir: string, opts: BuildReportOptions = {}): Promise<BuildReportResult> {
  const progress = opts.onProgress ?? (() => undefined);
  const bundle = readResults(resultsDir);
  progress(`read ${bundle.scenarios.length} scenario(s) of ${bundle.manifest.workload} from ${resultsDir}`);
  const model = reportModel(bundle, opts.maxPoints === undefined ? {} : { maxPoints: opts.maxPoints });
  const written: string[] = [];
  const wantSvg = opts.svg ?? true;
  if (wantSvg) {
    const dir = path.join(resultsDir, FIGURES_DIR);
    const jobs: FigureJob[] = model.figures
      .filter((x) => x.static)
      .map((f) => ({
        id: f.id,
        stem: path.join(dir, f.id),
        spec: f.spec,
        datasets: Object.fromEntries(
          [...namedData(f.spec)].flatMap((n) => {
            const rows = model.datasets[n];
            return rows === undefined ? [] : [[n, rowsForSpec(f.spec, rows)]];
          }),
        ),
        png: opts.png ?? true,
        pngScale: opts.pngScale ?? 3,
      }));
    const delegate = opts.delegate;
    // figures alternate between this thread and the delegate's: about even layout and raster work
    const away = delegate === undefined ? [] : jobs.filter((_, i) => i % 2 === 1);
    const awayFiles =
      delegate === undefined || away.length === 0
        ? Promise.resolve([])
        : delegate(away).then((files) => {
            for (const job of away) progress(`figure ${job.id}`);
            return files;
          });
    // all at once: vega lays figures out on this thread while resvg rasterises earlier ones on the thread pool
    const here = Promise.all(
      jobs.map(async (job, i) => {
        if (delegate !== undefined && i % 2 === 1) return undefined;
        const w = await writeFigureJob(job);
        progress(`figure ${job.id}`);
        return w;
      }),
    );
    const [own, other] = await Promise.all([here, awayFiles]);
    let k = 0;
    for (const w of own) written.push(...(w ?? other[k++] ?? []));
  }
  const notes = [...bundle.notes];
  if (wantSvg && (opts.png ?? true) && !pngFonts().found) {
    notes.push(
      'Neither Liberation Sans nor DejaVu Sans is installed: the PNG figures use whatever fonts the system has (install fonts-liberation or fonts-dejavu-core).',
    );
  }
  const html = reportHtml({
    model,
    manifest: bundle.manifest,
    metrics: bundle.scenarios.map((s) => s.metrics),
    repeats: new Map(bundle.scenarios.map((s) => [s.scenario, s.repeats])),
    notes,
    vendor: readVendorScripts(),
    ...(wantSvg ? { figuresDir: FIGURES_DIR } : {}),
    generatedAt: opts.generatedAt ?? new Date().toISOString(),
  });
  const htmlFile = path.join(resultsDir, REPORT_HTML_FILE);
  writeFileAtomically(htmlFile, html);
  progress(`wrote ${htmlFile}`);
  return { html: htmlFile, figures: written, notes, model };
}
