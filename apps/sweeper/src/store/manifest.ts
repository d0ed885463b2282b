/** sweeps/<name>/sweep.json: the sweep as it was run or submitted, and its point list (for people and scripts). */
import path from 'node:path';
import type { LoadedSweep } from '../sweep/load-sweep.js';
import { writeFileAtomic } from '@tasmoe/experiment';
import { MANIFEST_FILE } from './layout.js';

export function writeManifest(sweepFolder: string, sweep: LoadedSweep): void {
  const manifest = {
    format: 1,
    name: sweep.spec.name,
    file: sweep.file,
    base: sweep.basePaths,
    spec: sweep.spec,
    points: sweep.points.map((p) => ({
      index: p.index,
      id: p.id,
      hash: p.hash,
      axes: p.axes,
      repeat: p.repeat,
      seed: p.seed,
    })),
  };
  writeFileAtomic(path.join(sweepFolder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
