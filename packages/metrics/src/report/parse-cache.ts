/**
 * Work on a results folder's files kept across reads of it, by file text:
 * run-all parses a scenario's files as soon as its lane is done (a core is
 * idle then) and derives its plotted rows, and the report's final read, which
 * reads every file again, finds the same text and reuses them. Parses are keyed
 * by the whole text and rows by the parse they come from and every argument,
 * so a file that changed in between is parsed again: the report is the same
 * as from a fresh read. Nothing downstream writes into what is shared.
 */
import type { Scenario } from '@tasmoe/schemas';
import type { ChartRow } from './chart-helpers.js';
import { downsampleWindows, type SeriesPoint, type TimeUnit } from './downsample.js';
import { parseHeatFrames, type HeatFrames } from './heat-frames.js';
import { heatStatRows, type HeatCellRow } from './heatmap-data.js';
import { sha256Text } from './results-integrity.js';
import { parseWindowSeries, type WindowSeries } from './window-series.js';

export interface ParseCache {
  windows(text: string, file: string): WindowSeries;
  frames(text: string, file: string, cellCount: number): HeatFrames;
  /** Hex sha256 of the UTF-8 text. */
  sha256(text: string): string;
  /** downsampleWindows(...) mapped through `round` (the report model's rounding, one function). */
  series(
    scenario: Scenario,
    windows: WindowSeries,
    points: number,
    unit: TimeUnit,
    round: (p: SeriesPoint) => ChartRow,
  ): readonly ChartRow[];
  heatStats(scenario: Scenario, frames: HeatFrames, cols: number): readonly HeatCellRow[];
}

/** Values by key (compared element by element with ===); a computation that throws is not kept. */
function memo<T>(): (key: readonly unknown[], compute: () => T) => T {
  const seen: { key: readonly unknown[]; value: T }[] = [];
  return (key, compute) => {
    const hit = seen.find((e) => e.key.length === key.length && e.key.every((k, i) => k === key[i]));
    if (hit !== undefined) return hit.value;
    const value = compute();
    seen.push({ key, value });
    return value;
  };
}

/** An empty cache. */
export function parseCache(): ParseCache {
  const windows = memo<WindowSeries>();
  const frames = memo<HeatFrames>();
  const sha = memo<string>();
  const series = memo<readonly ChartRow[]>();
  const stats = memo<readonly HeatCellRow[]>();
  return {
    // a text that parsed once parses again to the same values: the file name only labels errors
    windows: (text, file) => windows([text], () => parseWindowSeries(text, file)),
    frames: (text, file, cellCount) => frames([text, cellCount], () => parseHeatFrames(text, file, cellCount)),
    sha256: (text) => sha([text], () => sha256Text(text)),
    series: (scenario, w, points, unit, round) =>
      series([scenario, w, points, unit, round], () => downsampleWindows(scenario, w, points, unit).map(round)),
    heatStats: (scenario, f, cols) => stats([scenario, f, cols], () => heatStatRows(scenario, f, cols)),
  };
}
