/**
 * A results folder parsed into what the figures need. Pure over a
 * `ResultsSource` (read a file / list a folder by relative path), so the same
 * code reads a real folder (results-io.ts) or an in-memory one in tests.
 */
import { PlacementSchema, ScenarioSchema, type MetricsRow, type Placement, type Scenario } from '@tasmoe/schemas';
import { orderScenarios, setReportScenarios } from './scenario-style.js';
import { MetricsError } from '../errors.js';
import type { HeatFrames } from './heat-frames.js';
import { parseMetricsRows } from './metrics-table.js';
import { meanRow } from './repeats.js';
import { parseRunManifest, type RunManifest } from './run-manifest.js';
import { parseScenarioRun, type ScenarioRun } from './scenario-run.js';
import { RUN_MANIFEST_FILE, scenarioFiles, workloadOfMetricsFile } from './results-layout.js';
import { checkScenarioFiles } from './results-integrity.js';
import type { WindowSeries } from './window-series.js';
import { dramResolutionNote } from './dram-resolution-note.js';
import { parseCache, type ParseCache } from './parse-cache.js';

export interface ResultsSource {
  /** Text of a file (path relative to the results folder), or undefined when there is no such file. */
  read(relPath: string): string | undefined;
  /** Names of the entries of a folder (relative path, "" = the results folder); [] when absent. */
  list(relPath: string): string[];
}

export interface ScenarioResults {
  readonly scenario: Scenario;
  /** The metrics row; with repeats, the mean over them (repeats.ts). */
  readonly metrics: MetricsRow;
  /** Every row of the metrics CSV, one per repeat (one row: a single run). */
  readonly repeats: readonly MetricsRow[];
  /** From run.json when there is one (run id, derived_from). */
  readonly run: ScenarioRun | undefined;
  readonly windows: WindowSeries;
  readonly frames: HeatFrames;
  /** Absent when the scenario folder has no placement.json (the report says so). */
  readonly placement: Placement | undefined;
}

export interface ResultsBundle {
  readonly manifest: RunManifest;
  /** In the canonical order (built-in scenarios in theirs: baseline, taps, tacs, tas, eplb, eplb-tacs; then the others as run-all.json lists them). */
  readonly scenarios: readonly ScenarioResults[];
  /** Things the reader of the report should know (missing optional files, discovered layout). */
  readonly notes: readonly string[];
}

function missing(file: string, what: string): MetricsError {
  return new MetricsError('RESULTS_FILE_MISSING', `${file}: missing (${what})`, { file });
}

function requireFile(source: ResultsSource, file: string, what: string): string {
  const text = source.read(file);
  if (text === undefined) throw missing(file, what);
  return text;
}

/** Without run-all.json (e.g. run-single output): scenario folders and the workload from their CSV names. */
function discoverManifest(source: ResultsSource): RunManifest {
  // a scenario folder holds its metrics CSV (repeat-<r>/ folders are not scenarios)
  const scenarios = orderScenarios(
    source
      .list('')
      .filter(
        (n): n is Scenario =>
          ScenarioSchema.safeParse(n).success &&
          !/^repeat-[0-9]+$/.test(n) &&
          source.list(n).some((f) => workloadOfMetricsFile(f) !== undefined),
      ),
  );
  if (scenarios.length === 0) {
    throw new MetricsError(
      'RESULTS_EMPTY_INVALID',
      `${RUN_MANIFEST_FILE}: missing, and no scenario folder (a folder holding <workload>.csv, e.g. baseline/) in the results folder`,
      { file: RUN_MANIFEST_FILE },
    );
  }
  const workloads = [
    ...new Set(
      scenarios.flatMap((s) =>
        source
          .list(s)
          .map(workloadOfMetricsFile)
          .filter((w): w is string => w !== undefined),
      ),
    ),
  ];
  if (workloads.length !== 1) {
    throw new MetricsError(
      'RESULTS_EMPTY_INVALID',
      `${RUN_MANIFEST_FILE}: missing, and the scenario folders hold ${workloads.length === 0 ? 'no' : `${workloads.length} different`} <workload>.csv files (${workloads.join(', ')}); cannot tell which workload to report`,
      { file: RUN_MANIFEST_FILE },
    );
  }
  const workload = workloads[0] ?? '';
  // Mesh from the frame header (c0..c{N-1}); the contract's meshes are square.
  const first = scenarioFiles(scenarios[0] ?? 'baseline', workload).frames;
  const header = source.read(first)?.split('\n', 1)[0] ?? '';
  const cells = header.split(',').filter((h) => /^c[0-9]+$/.test(h.trim())).length;
  const side = Math.round(Math.sqrt(cells));
  if (side * side !== cells || cells === 0) {
    throw new MetricsError(
      'RESULTS_FILE_INVALID',
      `${first}: cannot infer the mesh from ${cells} cell columns without ${RUN_MANIFEST_FILE}`,
      { file: first },
    );
  }
  return {
    workload,
    scenarios,
    mesh: { cols: side, rows: side },
    dramLayers: 0,
    windowMs: 0,
    created: undefined,
    source: 'discovered',
    details: {},
  };
}

function parsePlacementJson(text: string, file: string, coreCount: number): Placement {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: not valid JSON (${(err as Error).message})`, {
      file,
      cause: err,
    });
  }
  const r = PlacementSchema.safeParse(json);
  if (!r.success) {
    const what = r.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`)
      .join('; ');
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: ${what}`, { file, cause: r.error });
  }
  for (const [id, p] of Object.entries(r.data.experts)) {
    const bad = p.cores.find((c) => c >= coreCount);
    if (bad !== undefined)
      throw new MetricsError(
        'RESULTS_FILE_INVALID',
        `${file}: experts.${id}: core ${bad} is outside the ${coreCount}-core mesh`,
        { file },
      );
  }
  return r.data;
}

/** `cache`: parses to reuse (and to keep for a later read of the same folder; parse-cache.ts). */
export function loadResults(files: ResultsSource, cache: ParseCache = parseCache()): ResultsBundle {
  // each file is read once here (the integrity check and the parse read the same text)
  const texts = new Map<string, string | undefined>();
  const source: ResultsSource = {
    read(rel) {
      if (!texts.has(rel)) texts.set(rel, files.read(rel));
      return texts.get(rel);
    },
    list: (rel) => files.list(rel),
  };
  const manifestText = source.read(RUN_MANIFEST_FILE);
  const manifest =
    manifestText === undefined ? discoverManifest(source) : parseRunManifest(manifestText, RUN_MANIFEST_FILE);
  const notes: string[] = [];
  if (manifest.source === 'discovered')
    notes.push(`No ${RUN_MANIFEST_FILE}: scenarios and workload were read from the folder's contents.`);
  const dramNote = dramResolutionNote(manifest.details.dramResolution);
  if (dramNote !== undefined) notes.push(dramNote);
  const coreCount = manifest.mesh.cols * manifest.mesh.rows;
  setReportScenarios(manifest.scenarios);
  // A scenario that shared another's loop (tacs on baseline's while TACS is idle) wrote the same
  // bytes: equal texts parse to equal series, so each distinct text is parsed once.
  const windowsOf = (text: string, file: string) => cache.windows(text, file);
  const framesOf = (text: string, file: string) => cache.frames(text, file, coreCount);
  const scenarios = orderScenarios(manifest.scenarios).map((scenario): ScenarioResults => {
    const f = scenarioFiles(scenario, manifest.workload);
    checkScenarioFiles(source, scenario, cache.sha256);
    const repeats = parseMetricsRows(requireFile(source, f.metrics, 'the unified metrics row'), f.metrics, {
      scenario,
      workload: manifest.workload,
    });
    const metrics = meanRow(repeats);
    const runText = source.read(f.run);
    const run = runText === undefined ? undefined : parseScenarioRun(runText, f.run);
    const windows = windowsOf(requireFile(source, f.windows, 'the per-window series'), f.windows);
    const frames = framesOf(requireFile(source, f.frames, 'the heat-map frames'), f.frames);
    const placementText = source.read(f.placement);
    if (placementText === undefined) notes.push(`${f.placement} is missing: no placement figure for ${scenario}.`);
    const placement =
      placementText === undefined ? undefined : parsePlacementJson(placementText, f.placement, coreCount);
    return { scenario, metrics, repeats, run, windows, frames, placement };
  });
  return { manifest, scenarios, notes };
}
