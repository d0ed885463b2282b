/**
 * The results-folder contract (what `tasmoe run-all` writes and `tasmoe report`
 * reads), as relative paths. Pure: the io file joins them to a folder.
 */
import { safeFileStem, type Scenario } from '@tasmoe/schemas';

export const RUN_MANIFEST_FILE = 'run-all.json';
export const REPORT_HTML_FILE = 'report.html';
export const FIGURES_DIR = 'figures';

export interface ScenarioFiles {
  /** The unified metrics row (one per repeat): the ten seed columns, then the extras. */
  readonly metrics: string;
  /** One row per simulated window. */
  readonly windows: string;
  /** Heat-map frames: win, t_ms, layer, c0..c{N-1}. */
  readonly frames: string;
  readonly placement: string;
  /** The scenario's run manifest (run id, seed, derived_from when its loop is another scenario's). */
  readonly run: string;
}

/** The workload name enters the file names through safeFileStem, as the runner writes them. */
export function scenarioFiles(scenario: Scenario, workload: string): ScenarioFiles {
  const stem = safeFileStem(workload);
  return {
    metrics: `${scenario}/${stem}.csv`,
    windows: `${scenario}/${stem}.windows.csv`,
    frames: `${scenario}/${stem}.frames.csv`,
    placement: `${scenario}/placement.json`,
    run: `${scenario}/run.json`,
  };
}

/** `<workload>.csv` in a scenario folder, or undefined for the per-window and frame files. */
export function workloadOfMetricsFile(name: string): string | undefined {
  if (!name.endsWith('.csv') || name.endsWith('.windows.csv') || name.endsWith('.frames.csv')) return undefined;
  return name.slice(0, -'.csv'.length);
}
