/**
 * Writing one figure: spec -> <stem>.svg (+ <stem>.png), atomically (temp +
 * rename). Used by buildReport and by callers with their own plots (sweeps).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { MetricsError } from '../errors.js';
import type { ChartRow } from './chart-helpers.js';
import { renderSvg, svgToPngAsync, withDatasets } from './render.js';

export interface WriteFigureOptions {
  /** Named datasets the spec reads (`data: {name}`). */
  readonly datasets?: Readonly<Record<string, readonly ChartRow[]>>;
  /** Also write a PNG (default true). */
  readonly png?: boolean;
  /** PNG pixels per SVG pixel (default 3). */
  readonly pngScale?: number;
}

export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    throw new MetricsError('REPORT_IO', `${file}: cannot write (${(err as Error).message})`, { file, cause: err });
  }
}

/** Render `spec` and write `<stem>.svg` (and `<stem>.png`); returns the paths written. */
export function writeFigure(spec: TopLevelSpec, stem: string, opts: WriteFigureOptions = {}): Promise<string[]> {
  return startFigure(spec, stem, opts).written;
}

/** A figure being written: `laidOut` once its SVG is written (its PNG may still be converting). */
export interface FigureInProgress {
  readonly laidOut: Promise<void>;
  readonly written: Promise<string[]>;
}

function startFigure(spec: TopLevelSpec, stem: string, opts: WriteFigureOptions): FigureInProgress {
  const id = path.basename(stem);
  const laidOut = renderSvg(opts.datasets === undefined ? spec : withDatasets(spec, opts.datasets), id).then((svg) => {
    writeFileAtomically(`${stem}.svg`, svg);
    return svg;
  });
  const written = laidOut.then(async (svg) => {
    if (!(opts.png ?? true)) return [`${stem}.svg`];
    writeFileAtomically(`${stem}.png`, await svgToPngAsync(svg, opts.pngScale ?? 3, id));
    return [`${stem}.svg`, `${stem}.png`];
  });
  const svgWritten = laidOut.then(() => undefined);
  // a failure shows where the caller awaits (a caller may await only one of the two)
  svgWritten.catch(() => undefined);
  written.catch(() => undefined);
  return { laidOut: svgWritten, written };
}

/** One static figure to write: writeFigure(spec, stem, { datasets, png, pngScale }). */
export interface FigureJob {
  readonly id: string;
  readonly stem: string;
  readonly spec: TopLevelSpec;
  /** The datasets the spec reads (only those). */
  readonly datasets: Readonly<Record<string, readonly ChartRow[]>>;
  readonly png: boolean;
  readonly pngScale: number;
}

/** Writes one figure job (what a delegate runs for each job it gets). */
export function writeFigureJob(job: FigureJob): Promise<string[]> {
  return startFigureJob(job).written;
}

/** Starts writing one figure job (layouts run one at a time per thread, in the order started). */
export function startFigureJob(job: FigureJob): FigureInProgress {
  return startFigure(job.spec, job.stem, { datasets: job.datasets, png: job.png, pngScale: job.pngScale });
}
