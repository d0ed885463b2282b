/**
 * Heat-map frames -> plot data: one compact row per (scenario, frame, layer)
 * with the cell temperatures as an array (the browser expands only the frames
 * on screen), the shared frame clock, the fixed colour domain, and per-cell
 * time mean / max maps for the static figures.
 */
import type { Scenario } from '@tasmoe/schemas';
import { layerOrder, type HeatFrames } from './heat-frames.js';

export type HeatFrameRow = {
  readonly scenario: Scenario;
  /** Index into the shared frame clock (`HeatClock.tMs`). */
  readonly fi: number;
  readonly win: number;
  readonly layer: string;
  /** Cell temperatures (°C, 2 decimals), index row * cols + col. */
  readonly c: readonly number[];
};

export type HeatCellRow = {
  readonly scenario: Scenario;
  readonly stat: 'mean' | 'max';
  readonly layer: string;
  readonly layer_label: string;
  readonly layer_rank: number;
  readonly core: number;
  readonly row: number;
  readonly col: number;
  readonly temp: number;
};

/** The frame times of all scenarios merged (scenarios that ran longer have frames the others lack). */
export interface HeatClock {
  readonly tMs: readonly number[];
  /** Window index of each clock tick (from the first scenario that has it). */
  readonly win: readonly number[];
}

export function layerLabel(layer: string): string {
  return layer === 'logic' ? 'Logic die' : `DRAM die ${layer.slice(4)}`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function heatClock(all: readonly HeatFrames[]): HeatClock {
  const byT = new Map<number, number>();
  for (const f of all) for (const fr of f.frames) if (!byT.has(fr.tMs)) byT.set(fr.tMs, fr.win);
  const tMs = [...byT.keys()].sort((a, b) => a - b);
  return { tMs, win: tMs.map((t) => byT.get(t) ?? 0) };
}

export function heatFrameRows(scenario: Scenario, frames: HeatFrames, clock: HeatClock): HeatFrameRow[] {
  const index = new Map(clock.tMs.map((t, i) => [t, i]));
  return frames.frames.map((f) => ({
    scenario,
    fi: index.get(f.tMs) ?? 0,
    win: f.win,
    layer: f.layer,
    c: Array.from(f.cells, round2),
  }));
}

/** [floor(min), ceil(max)] over every cell of every frame, layer and scenario: one colour scale for all maps. */
export function heatDomain(all: readonly HeatFrames[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const f of all) {
    for (const fr of f.frames) {
      for (const v of fr.cells) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const a = Math.floor(lo);
  const b = Math.ceil(hi);
  return [a, b > a ? b : a + 1];
}

/** Per cell and layer: the mean over frames and the max over frames. */
export function heatStatRows(scenario: Scenario, frames: HeatFrames, cols: number): HeatCellRow[] {
  const out: HeatCellRow[] = [];
  const layers = [...frames.layers].sort(layerOrder);
  layers.forEach((layer, rank) => {
    const fs = frames.frames.filter((f) => f.layer === layer);
    if (fs.length === 0) return;
    const n = fs[0]?.cells.length ?? 0;
    for (let k = 0; k < n; k++) {
      let sum = 0;
      let max = Number.NEGATIVE_INFINITY;
      for (const f of fs) {
        const v = f.cells[k] ?? 0;
        sum += v;
        if (v > max) max = v;
      }
      const base = {
        scenario,
        layer,
        layer_label: layerLabel(layer),
        layer_rank: rank,
        core: k,
        row: Math.floor(k / cols),
        col: k % cols,
      };
      out.push({ ...base, stat: 'mean', temp: round2(sum / fs.length) });
      out.push({ ...base, stat: 'max', temp: round2(max) });
    }
  });
  return out;
}

/** The DRAM layer with the hottest cell over the run (the one a reader wants to see first). */
export function hottestDramLayer(all: readonly HeatFrames[]): string | undefined {
  let best: string | undefined;
  let hi = Number.NEGATIVE_INFINITY;
  for (const f of all) {
    for (const fr of f.frames) {
      if (fr.layer === 'logic') continue;
      for (const v of fr.cells) {
        if (v > hi) {
          hi = v;
          best = fr.layer;
        }
      }
    }
  }
  return best;
}
