/**
 * Parsed results files kept across reads of one results folder, by file text:
 * run-all parses a scenario's files as soon as its lane is done (a core is
 * idle then), and the report's final read, which reads every file again,
 * finds the same text and reuses the parse. Keyed by the whole text, so a
 * file that changed in between is parsed again: the report is the same as
 * from a fresh read.
 */
import { parseHeatFrames, type HeatFrames } from './heat-frames.js';
import { parseWindowSeries, type WindowSeries } from './window-series.js';

export interface ParseCache {
  windows(text: string, file: string): WindowSeries;
  frames(text: string, file: string, cellCount: number): HeatFrames;
}

function memo<T>(parse: (text: string, file: string) => T): (text: string, file: string) => T {
  const seen: { text: string; value: T }[] = [];
  return (text, file) => {
    const hit = seen.find((e) => e.text === text);
    if (hit !== undefined) return hit.value;
    const value = parse(text, file);
    seen.push({ text, value });
    return value;
  };
}

/** An empty cache (nothing downstream writes into the parsed arrays, so parses are shared). */
export function parseCache(): ParseCache {
  const windows = memo(parseWindowSeries);
  const frames = new Map<number, (text: string, file: string) => HeatFrames>();
  return {
    windows,
    frames(text, file, cellCount) {
      let parse = frames.get(cellCount);
      if (parse === undefined) {
        parse = memo((t, f) => parseHeatFrames(t, f, cellCount));
        frames.set(cellCount, parse);
      }
      return parse(text, file);
    },
  };
}
