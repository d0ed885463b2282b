/**
 * Spec -> SVG (vega's headless view) -> PNG (resvg). No files: callers write.
 * Text widths come from vega's built-in estimate (no node-canvas), which is
 * close for Helvetica-like fonts.
 */
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { MetricsError } from '../errors.js';
import type { ChartRow } from './chart-helpers.js';
import { pngFonts } from './png-fonts.js';
import { renderPngOffThread, startPngThread } from './png-thread.js';

/** Names of the datasets a spec reads (`data: {name}` anywhere in it). */
export function namedData(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) {
    for (const v of spec) namedData(v, out);
  } else if (typeof spec === 'object' && spec !== null) {
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'data' && typeof v === 'object' && v !== null && 'name' in v && typeof v.name === 'string')
        out.add(v.name);
      else namedData(v, out);
    }
  }
  return out;
}

/**
 * The rows with only the fields `spec` names somewhere (as a field, in an expression, anywhere in
 * its text): a superset of what it reads. Vega copies every field of a tuple at each derived
 * dataset (a fold per panel of a time-series figure), so unread fields only cost layout time; the
 * SVG is the same without them. Not for specs that read fields by computed name (`datum[expr]`)
 * or show all fields (`tooltip: {content: 'data'}`): the report's figures do neither.
 */
export function rowsForSpec(spec: unknown, rows: readonly ChartRow[]): ChartRow[] {
  const text = JSON.stringify(spec);
  const keep = new Map<string, boolean>();
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(r)) {
      let used = keep.get(k);
      if (used === undefined) {
        used = text.includes(k);
        keep.set(k, used);
      }
      if (used) out[k] = r[k];
    }
    return out;
  });
}

/** The spec with the named datasets it reads attached (as the page does before embedding). */
export function withDatasets(
  spec: TopLevelSpec,
  datasets: Readonly<Record<string, readonly ChartRow[]>>,
): TopLevelSpec {
  const used = [...namedData(spec)].filter((n) => datasets[n] !== undefined);
  if (used.length === 0) return spec;
  return { ...spec, datasets: Object.fromEntries(used.map((n) => [n, [...(datasets[n] ?? [])]])) };
}

// vega, vega-lite and resvg load on first use: importing this package (e.g. for metricsCsv in every
// scenario worker) must not pay for them (~0.35 s per thread).
type Resvg = typeof import('@resvg/resvg-js');
let resvg: Resvg | undefined;
function loadResvg(): Resvg {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as Resvg;
  return resvg;
}

/**
 * Loads vega and vega-lite and starts the PNG thread now rather than at the first figure: a caller with an idle core
 * (run-all while its last scenario finishes, a report thread waiting for its figures) pays the load
 * there instead of on the report's critical path.
 */
export async function preloadRenderer(): Promise<void> {
  startPngThread();
  await Promise.all([import('vega'), import('vega-lite')]);
}

/**
 * Vega numbers the clip paths and gradients of an SVG from a counter global to the thread: figures
 * rendered one after another in one thread would get ids that depend on what that thread rendered
 * before. Each figure is rendered alone (a queue per thread) with the counters reset, so its SVG is
 * the same whichever thread renders it and in whatever order (the report renders in two threads).
 * Layout is synchronous work on this thread either way; rasterising still overlaps on the pool.
 */
let svgQueue: Promise<unknown> = Promise.resolve();

export function renderSvg(spec: TopLevelSpec, id = 'figure'): Promise<string> {
  const run = svgQueue.then(() => renderSvgAlone(spec, id));
  svgQueue = run.catch(() => undefined);
  return run;
}

async function renderSvgAlone(spec: TopLevelSpec, id: string): Promise<string> {
  try {
    const [{ parse, View, resetSVGDefIds }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
    resetSVGDefIds();
    const vg = compile(spec).spec;
    const view = new View(parse(vg), { renderer: 'none', logLevel: 0 });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (err) {
    throw new MetricsError('REPORT_RENDER', `${id}: cannot render the chart (${(err as Error).message})`, {
      cause: err,
    });
  }
}

/** PNG at `scale` x the SVG's pixel size (3 ~ 300 dpi for a figure laid out at 96 dpi). */
export function svgToPng(svg: string, scale = 3, id = 'figure'): Uint8Array {
  try {
    return new (loadResvg().Resvg)(svg, pngOptions(scale)).render().asPng();
  } catch (err) {
    throw pngError(id, err);
  }
}

/**
 * Same as svgToPng, on a worker thread (png-thread.ts): the report converts one
 * figure while this thread lays out the next (vega), ~2x on two cores.
 */
export async function svgToPngAsync(svg: string, scale = 3, id = 'figure'): Promise<Uint8Array> {
  try {
    return await renderPngOffThread(svg, pngOptions(scale));
  } catch (err) {
    throw pngError(id, err);
  }
}

export function pngOptions(scale: number): ResvgRenderOptions {
  const fonts = pngFonts();
  const family = fonts.family;
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font:
      family === undefined
        ? { loadSystemFonts: true }
        : {
            loadSystemFonts: false,
            fontFiles: [...fonts.files],
            defaultFontFamily: family,
            sansSerifFamily: family,
            serifFamily: family,
          },
  };
}

function pngError(id: string, err: unknown): MetricsError {
  return new MetricsError('REPORT_RENDER', `${id}: cannot convert SVG to PNG (${(err as Error).message})`, {
    cause: err,
  });
}
