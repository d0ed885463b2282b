/**
 * A report laid out once, and thrown away, before the results are complete:
 * run-all calls this when a lane is done and a core is idle while another lane
 * still runs. It parses the finished scenarios' files into `cache` (the real
 * build reuses them) and lays out every static figure on a stand-in of the
 * results (the unfinished scenarios borrow a finished one's data, fewer points
 * per series), on the threads that will lay out the real ones, so vega's code
 * is compiled when the real figures come. Nothing is written.
 */
import path from 'node:path';
import type { Scenario } from '@tasmoe/schemas';
import { layOutFigureJob, type FigureJob } from './figure-io.js';
import { figureJobs, PAGE_COST, splitJobs } from './figure-jobs.js';
import type { ParseCache } from './parse-cache.js';
import { loadResults, type ResultsBundle, type ResultsSource, type ScenarioResults } from './results-bundle.js';
import { folderSource } from './results-io.js';
import { FIGURES_DIR, RUN_MANIFEST_FILE } from './results-layout.js';
import { parseRunManifest } from './run-manifest.js';
import { setReportScenarios } from './scenario-style.js';
import { reportModel } from './report-model.js';

export interface RehearsalOptions {
  /** run-all.json as the run will write it (it is written after the last lane). */
  readonly manifest: string;
  /** Scenarios whose files are final (at least one). */
  readonly done: readonly Scenario[];
  /** Receives the parses of the finished scenarios' files. */
  readonly cache: ParseCache;
  /** Time-series points per scenario of the stand-in (default 250: the code paths of 1000, a quarter of the work). */
  readonly maxPoints?: number;
  /** Lays out about half the figures on another thread (resolves when it has, or has stopped). */
  readonly delegate?: (jobs: readonly FigureJob[]) => Promise<unknown>;
  /** Checked between figures: true once the real report has begun (the rest is skipped). */
  readonly stop?: () => boolean;
}

/** Parses the finished scenarios of `dir` into `cache` (what rehearseReport does first). */
export function parseFinished(dir: string, opts: Pick<RehearsalOptions, 'manifest' | 'done' | 'cache'>): ResultsBundle {
  const json = JSON.parse(opts.manifest) as Record<string, unknown>;
  const finished = JSON.stringify({ ...json, scenarios: opts.done });
  const files = folderSource(dir);
  const source: ResultsSource = {
    read: (rel) => (rel === RUN_MANIFEST_FILE ? finished : files.read(rel)),
    list: (rel) => files.list(rel),
  };
  return loadResults(source, opts.cache);
}

export async function rehearseReport(dir: string, opts: RehearsalOptions): Promise<void> {
  const stop = opts.stop ?? (() => false);
  const partial = parseFinished(dir, opts);
  const first = partial.scenarios[0];
  await turn();
  if (first === undefined || stop() || process.env.NOREH) return;
  const manifest = parseRunManifest(opts.manifest, RUN_MANIFEST_FILE);
  const scenarios = manifest.scenarios.map((scenario): ScenarioResults => {
    const own = partial.scenarios.find((s) => s.scenario === scenario);
    if (own !== undefined) return own;
    return {
      ...first,
      scenario,
      metrics: { ...first.metrics, scenario },
      repeats: first.repeats.map((r) => ({ ...r, scenario })),
      run: undefined,
    };
  });
  setReportScenarios(manifest.scenarios);
  const model = reportModel({ manifest, scenarios, notes: [] }, { maxPoints: opts.maxPoints ?? 250 });
  const jobs = figureJobs(model, path.join(dir, FIGURES_DIR), { png: false, pngScale: 1 });
  const [mine = [], away = []] = splitJobs(jobs, opts.delegate === undefined ? 1 : 2, PAGE_COST);
  const there = opts.delegate?.(away.map((i) => jobs[i] as FigureJob)) ?? Promise.resolve();
  for (const i of mine) {
    // vega's layout resolves in microtasks: without a turn of the event loop, the message that the
    // last lane is done (and so the real build) would wait for the whole rehearsal
    await turn();
    if (stop()) break;
    await layOutFigureJob(jobs[i] as FigureJob);
  }
  await there;
}

/** One turn of the event loop (messages and timers run). */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
