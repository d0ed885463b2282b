/**
 * `<scenario>/<workload>.frames.csv`: heat-map frames at mesh resolution.
 * Columns win, t_ms, layer, c0..c{N-1}; cell k = row * cols + col with row 0 at
 * the bottom of the die (core C0 bottom-left); layer is "logic" or "dram<d>"
 * (DRAM values are the per-vault means over the banks above core k).
 */
import { MetricsError } from '../errors.js';
import { columnIndex, numberCell, parseCsvTable, requireColumns, stringColumn } from './csv-table.js';

export interface HeatFrame {
  readonly win: number;
  readonly tMs: number;
  readonly layer: string;
  /** Temperatures (°C), length cols * rows, index row * cols + col. */
  readonly cells: Float64Array;
}

export interface HeatFrames {
  /** Layers present, logic first then DRAM by index. */
  readonly layers: readonly string[];
  readonly frames: readonly HeatFrame[];
}

const LAYER_RE = /^(logic|dram(0|[1-9][0-9]*))$/;

export function layerOrder(a: string, b: string): number {
  const rank = (l: string) => (l === 'logic' ? -1 : Number(l.slice(4)));
  return rank(a) - rank(b);
}

export function parseHeatFrames(text: string, file: string, cellCount: number): HeatFrames {
  const table = parseCsvTable(text, file);
  const cellCols = Array.from({ length: cellCount }, (_, k) => `c${k}`);
  requireColumns(table, ['win', 't_ms', 'layer', ...cellCols]);
  const extra = table.header.filter((h) => /^c[0-9]+$/.test(h) && !cellCols.includes(h));
  if (extra.length > 0) {
    throw new MetricsError(
      'RESULTS_FILE_INVALID',
      `${file}: ${cellCount + extra.length} cell columns but the mesh has ${cellCount} cores`,
      { file },
    );
  }
  const layers = stringColumn(table, 'layer');
  const winI = columnIndex(table, 'win');
  const tI = columnIndex(table, 't_ms');
  const cellI = cellCols.map((c) => columnIndex(table, c));
  const frames: HeatFrame[] = table.rows.map((_, r) => {
    const layer = layers[r] ?? '';
    if (!LAYER_RE.test(layer)) {
      throw new MetricsError(
        'RESULTS_FILE_INVALID',
        `${file}: line ${r + 2}, column "layer": expected "logic" or "dram<d>", got ${JSON.stringify(layer)}`,
        { file },
      );
    }
    const cells = new Float64Array(cellCount);
    cellI.forEach((ci, k) => {
      cells[k] = numberCell(table, r, ci);
    });
    return { win: numberCell(table, r, winI), tMs: numberCell(table, r, tI), layer, cells };
  });
  return { layers: [...new Set(layers)].sort(layerOrder), frames };
}
