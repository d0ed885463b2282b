/**
 * The part of a report that finished scenarios allow before the run is over:
 * run-all calls this when a lane is done and a core is idle while another lane
 * still runs. It parses the finished scenarios' files and derives their plotted
 * rows into `cache`, where the real build (buildReport with the same cache)
 * finds them. Nothing is written.
 */
import type { Scenario } from '@tasmoe/schemas';
import type { ParseCache } from './parse-cache.js';
import { loadResults, type ResultsSource } from './results-bundle.js';
import { folderSource } from './results-io.js';
import { RUN_MANIFEST_FILE } from './results-layout.js';
import { reportModel } from './report-model.js';

export interface PrepareOptions {
  /** run-all.json as the run will write it (it is written after the last lane). */
  readonly manifest: string;
  /** Scenarios whose files are final. */
  readonly done: readonly Scenario[];
  /** Receives the parses and rows. */
  readonly cache: ParseCache;
  /** As buildReport's (default 1000). */
  readonly maxPoints?: number;
}

export function prepareReport(dir: string, opts: PrepareOptions): void {
  if (opts.done.length === 0) return;
  const json = JSON.parse(opts.manifest) as Record<string, unknown>;
  const finished = JSON.stringify({ ...json, scenarios: opts.done });
  const files = folderSource(dir);
  const source: ResultsSource = {
    read: (rel) => (rel === RUN_MANIFEST_FILE ? finished : files.read(rel)),
    list: (rel) => files.list(rel),
  };
  const bundle = loadResults(source, opts.cache);
  // the rows of the finished scenarios, for the time axis and bucket these alone give: the final
  // model reuses them when all scenarios give the same (runs of one configuration mostly do)
  reportModel(bundle, opts.maxPoints === undefined ? {} : { maxPoints: opts.maxPoints }, opts.cache);
}
