/**
 * `buildReport(resultsDir)`: read the results folder, build the figures, write
 * report.html and figures/<id>.svg + .png into it. Files are written
 * atomically (temp + rename), so an interrupted build never leaves a
 * half-written page that looks complete.
 */
import path from 'node:path';
import { startFigureJob, writeFileAtomically, type FigureJob } from './figure-io.js';
import { figureJobs, PAGE_COST, splitJobs } from './figure-jobs.js';
import type { ParseCache } from './parse-cache.js';
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
   * Renders about half the static figures elsewhere (another thread: run-all's report worker) while
   * this call renders the rest; resolves with the files written, per job. The files are the same
   * as without it (renderSvg: a figure's SVG does not depend on what its thread rendered before).
   */
  readonly delegate?: (jobs: readonly FigureJob[]) => Promise<readonly (readonly string[])[]>;
  /** Parses of this folder's files made earlier (prepareReport): reused where a file's text is the same. */
  readonly cache?: ParseCache;
}

export interface BuildReportResult {
  readonly html: string;
  readonly figures: readonly string[];
  readonly notes: readonly string[];
  readonly model: ReportModel;
}

export async function buildReport(resultsDir: string, opts: BuildReportOptions = {}): Promise<BuildReportResult> {
  const progress = opts.onProgress ?? (() => undefined);
  const bundle = readResults(resultsDir, opts.cache);
  progress(`read ${bundle.scenarios.length} scenario(s) of ${bundle.manifest.workload} from ${resultsDir}`);
  const model = reportModel(bundle, opts.maxPoints === undefined ? {} : { maxPoints: opts.maxPoints }, opts.cache);
  const wantSvg = opts.svg ?? true;
  const jobs = wantSvg
    ? figureJobs(model, path.join(resultsDir, FIGURES_DIR), { png: opts.png ?? true, pngScale: opts.pngScale ?? 3 })
    : [];
  const delegate = opts.delegate;
  const [mine = [], away = []] = splitJobs(jobs, delegate === undefined ? 1 : 2, PAGE_COST);
  const awayJobs = away.map((i) => jobs[i] as FigureJob);
  const awayFiles =
    delegate === undefined || awayJobs.length === 0
      ? Promise.resolve([])
      : delegate(awayJobs).then((files) => {
          for (const job of awayJobs) progress(`figure ${job.id}`);
          return files;
        });
  // a failure here shows when the figures are awaited below
  awayFiles.catch(() => undefined);
  // all at once: vega lays figures out one by one on this thread while the PNG thread converts earlier ones
  const here = mine.map((i) => {
    const job = jobs[i] as FigureJob;
    const f = startFigureJob(job);
    return {
      i,
      laidOut: f.laidOut,
      written: f.written.then((w) => {
        progress(`figure ${job.id}`);
        return w;
      }),
    };
  });
  for (const h of here) h.written.catch(() => undefined);
  await Promise.all(here.map((h) => h.laidOut));
  // the page is assembled while the last PNGs convert, and written after every figure file
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
  const [own, other] = await Promise.all([Promise.all(here.map((h) => h.written)), awayFiles]);
  const byJob = new Map<number, readonly string[]>();
  here.forEach((h, k) => byJob.set(h.i, own[k] ?? []));
  away.forEach((i, k) => byJob.set(i, other[k] ?? []));
  const written = jobs.flatMap((_, i) => byJob.get(i) ?? []);
  const htmlFile = path.join(resultsDir, REPORT_HTML_FILE);
  writeFileAtomically(htmlFile, html);
  progress(`wrote ${htmlFile}`);
  return { html: htmlFile, figures: written, notes, model };
}
