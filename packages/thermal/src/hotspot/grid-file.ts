/**
 * HotSpot grid-cell temperature files: `-grid_steady_file` (`Layer n:` blocks
 * of `index<TAB>kelvin` lines, row 0 = north edge) and `-grid_transient_file`
 * (the same blocks after a `t = <start of interval>` line, once per interval).
 */
import { ThermalFormatError } from '../errors.js';
import { formatKelvin, isSkippable, parseNumber, splitLines, tokens } from './text.js';

/** Grid temperatures of all layers: `layers[n][i*cols + j]`, kelvin. */
export interface GridTemperatures {
  readonly layers: readonly Float64Array[];
}

export interface GridTransientFrame extends GridTemperatures {
  /** The `t = ` label HotSpot printed (start of the interval; data are at its end). */
  readonly labelTimeS: number;
}

function parseLayerBlocks(lines: readonly string[], start: number, end: number): Float64Array[] {
  const layers: Float64Array[] = [];
  let cur: number[] | undefined;
  const flush = (): void => {
    if (cur !== undefined) layers.push(Float64Array.from(cur));
  };
  for (let li = start; li < end; li++) {
    const line = lines[li] ?? '';
    if (isSkippable(line)) continue;
    const m = /^\s*Layer\s+(\d+)\s*:\s*$/.exec(line);
    if (m !== null) {
      flush();
      if (Number(m[1]) !== layers.length)
        throw new ThermalFormatError(`expected Layer ${layers.length}:, got ${line.trim()}`, { line: li + 1 });
      cur = [];
      continue;
    }
    if (cur === undefined)
      throw new ThermalFormatError('grid values before the first "Layer n:" line', { line: li + 1 });
    const tk = tokens(line);
    if (tk.length !== 2)
      throw new ThermalFormatError(`expected "index value", got ${tk.length} fields`, { line: li + 1 });
    const idx = parseNumber(tk[0], 'cell index', li + 1);
    if (idx !== cur.length)
      throw new ThermalFormatError(`expected cell index ${cur.length}, got ${tk[0] ?? ''}`, { line: li + 1 });
    cur.push(parseNumber(tk[1], 'temperature', li + 1));
  }
  flush();
  const n = layers[0]?.length;
  for (const l of layers) if (l.length !== n) throw new ThermalFormatError('grid layers have different cell counts');
  return layers;
}

/** Parses a `-grid_steady_file` text. */
export function parseGridSteady(text: string): GridTemperatures {
  const lines = splitLines(text);
  return { layers: parseLayerBlocks(lines, 0, lines.length) };
}

/** Parses a `-grid_transient_file` text (all frames). */
export function parseGridTransient(text: string): GridTransientFrame[] {
  const lines = splitLines(text);
  const starts: { line: number; t: number }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*t\s*=\s*(\S+)\s*$/.exec(l);
    if (m !== null) starts.push({ line: i, t: parseNumber(m[1], 'time', i + 1) });
  });
  return starts.map((s, k) => ({
    labelTimeS: s.t,
    layers: parseLayerBlocks(lines, s.line + 1, starts[k + 1]?.line ?? lines.length),
  }));
}

/** Formats the `Layer n:` blocks (used by both grid formats). */
export function formatGridLayers(layers: readonly ArrayLike<number>[]): string {
  const parts: string[] = [];
  layers.forEach((l, n) => {
    parts.push(`Layer ${n}:\n`);
    for (let i = 0; i < l.length; i++) parts.push(`${i}\t${formatKelvin(l[i] ?? NaN)}\n`);
  });
  return parts.join('');
}

/** Formats a `-grid_steady_file` text. */
export function formatGridSteady(g: GridTemperatures): string {
  return formatGridLayers(g.layers);
}

/** Formats one `-grid_transient_file` frame (`t = %f` label + layers). */
export function formatGridTransientFrame(labelTimeS: number, layers: readonly ArrayLike<number>[]): string {
  return `t = ${labelTimeS.toFixed(6)}\n${formatGridLayers(layers)}`;
}
