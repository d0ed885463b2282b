/**
 * The report's static figures as jobs for one or two layout threads. Each
 * thread lays its figures out one at a time and hands each SVG to its PNG
 * thread, so a thread starts with the figures whose layout and PNG take
 * longest (their PNGs then run while its small figures are laid out) and
 * ends with one whose PNG is short. The split evens the estimated cost.
 */
import path from 'node:path';
import type { FigureJob } from './figure-io.js';
import { namedData, rowsForSpec } from './render.js';
import type { ReportModel } from './report-model.js';

/**
 * Relative cost (ms of layout + PNG at 3x) of the report's figures on the default run, measured
 * one by one; a figure not listed counts as a small one. Only the order and the split use it.
 */
const COST: Readonly<Record<string, { readonly layout: number; readonly png: number }>> = {
  'timeseries-system': { layout: 650, png: 214 },
  'timeseries-thermal': { layout: 640, png: 159 },
  'heatmap-max': { layout: 240, png: 90 },
  'heatmap-mean': { layout: 130, png: 90 },
  placement: { layout: 70, png: 214 },
  performance: { layout: 110, png: 44 },
  pareto: { layout: 90, png: 53 },
  temperature: { layout: 50, png: 51 },
};
const SMALL = { layout: 80, png: 50 };
/** What buildReport's thread does besides its figures, in the same units: report.html (~150 ms). */
export const PAGE_COST = 150;

function cost(id: string): { readonly layout: number; readonly png: number } {
  return COST[id] ?? SMALL;
}

export interface JobOptions {
  readonly png: boolean;
  readonly pngScale: number;
}

/** One job per static figure of `model`, in the model's order, writing into `dir`. */
export function figureJobs(model: ReportModel, dir: string, opts: JobOptions): FigureJob[] {
  return model.figures
    .filter((x) => x.static)
    .map((f) => ({
      id: f.id,
      stem: path.join(dir, f.id),
      spec: f.spec,
      datasets: Object.fromEntries(
        [...namedData(f.spec)].flatMap((n) => {
          const rows = model.datasets[n];
          return rows === undefined ? [] : [[n, rowsForSpec(f.spec, rows)]];
        }),
      ),
      png: opts.png,
      pngScale: opts.pngScale,
    }));
}

/**
 * Indices of `jobs` for each of `threads` threads, each list in the order to lay out: costliest
 * figures first, each to the thread with the least estimated work so far (the first thread starts
 * with `firstBusy`: its other work, in the same units); then, per thread, the figure with the
 * shortest PNG last (the PNG after the last layout is the thread's tail).
 */
export function splitJobs(jobs: readonly FigureJob[], threads: number, firstBusy = 0): number[][] {
  const total = (i: number) => {
    const c = cost((jobs[i] as FigureJob).id);
    return c.layout + ((jobs[i] as FigureJob).png ? c.png : 0);
  };
  const order = jobs.map((_, i) => i).sort((a, b) => total(b) - total(a) || a - b);
  const lists: number[][] = Array.from({ length: Math.max(1, threads) }, () => []);
  const load = lists.map((_, t) => (t === 0 ? firstBusy : 0));
  for (const i of order) {
    let t = 0;
    for (let k = 1; k < load.length; k++) if ((load[k] as number) < (load[t] as number)) t = k;
    (lists[t] as number[]).push(i);
    load[t] = (load[t] as number) + total(i);
  }
  for (const list of lists) {
    if (list.length < 2) continue;
    let last = 0;
    for (let k = 1; k < list.length; k++)
      if (cost((jobs[list[k] as number] as FigureJob).id).png < cost((jobs[list[last] as number] as FigureJob).id).png)
        last = k;
    list.push(...list.splice(last, 1));
  }
  return lists;
}
