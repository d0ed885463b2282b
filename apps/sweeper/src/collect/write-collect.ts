/** collect's IO: sweep.csv and plots/<metric>--<axis>.svg (+ .vl.json, the Vega-Lite spec) in the sweep folder. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@tasmoe/experiment';
import { PLOTS_DIR, SWEEP_CSV_FILE } from '../store/layout.js';
import type { SweepPoint } from '../sweep/point.js';
import { collectSweep, sweepCsv, type CollectedSweep } from './collect.js';
import { renderSvg } from '@tasmoe/metrics';
import { sweepPlots } from './plots.js';

export interface CollectOutput {
  readonly collected: CollectedSweep;
  readonly csvFile: string;
  readonly plotFiles: readonly string[];
}

export async function writeCollectedSweep(
  points: readonly SweepPoint[],
  sweepFolder: string,
  axisPaths: readonly string[],
  opts: { plots?: boolean } = {},
): Promise<CollectOutput> {
  const collected = collectSweep(points, sweepFolder, axisPaths);
  const csvFile = path.join(sweepFolder, SWEEP_CSV_FILE);
  writeFileAtomic(csvFile, sweepCsv(collected));
  const plotFiles: string[] = [];
  if (opts.plots !== false) {
    const dir = path.join(sweepFolder, PLOTS_DIR);
    rmSync(dir, { recursive: true, force: true });
    for (const plot of sweepPlots(collected)) {
      const svg = path.join(dir, `${plot.name}.svg`);
      writeFileAtomic(svg, await renderSvg(plot.spec));
      writeFileAtomic(path.join(dir, `${plot.name}.vl.json`), `${JSON.stringify(plot.spec, null, 2)}\n`);
      plotFiles.push(svg);
    }
  }
  return { collected, csvFile, plotFiles };
}
