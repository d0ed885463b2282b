/** The reference stack of ../shared/reference/hotspot/d_transient as a HotspotRun (case d's options). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { HotspotRun } from '../src/hotspot/command.js';
import { parseFlp } from '../src/hotspot/flp.js';
import { mapPowerColumns, stackFromLcf } from '../src/hotspot/hotspot-stack.js';
import { parseLcf } from '../src/hotspot/lcf.js';
import { parseTrace, type BlockTrace } from '../src/hotspot/trace.js';
import { buildGridModel } from '../src/solver/grid-model.js';
import type { ThermalSimulatorOptions } from '../src/solver/thermal-simulator.js';

export interface ReferenceRun {
  readonly run: HotspotRun;
  readonly power: BlockTrace;
}

export function referenceRun(referenceDir: string, grid: number, options: ThermalSimulatorOptions = {}): ReferenceRun {
  const dir = join(referenceDir, 'd_transient');
  const lcf = parseLcf(readFileSync(join(dir, 'stack.lcf'), 'utf8'));
  const floorplans = new Map(
    lcf.layers.map((l) => [l.floorplanFile, parseFlp(readFileSync(join(dir, l.floorplanFile), 'utf8'))] as const),
  );
  const stack = stackFromLcf({
    lcf,
    floorplans,
    ambientK: 318.15,
    package: {
      kind: 'package',
      spreader: { sideM: 0.03, thicknessM: 0.001, conductivityWmK: 400, volumetricHeatCapacityJm3K: 3.55e6 },
      sink: { sideM: 0.06, thicknessM: 0.0069, conductivityWmK: 400, volumetricHeatCapacityJm3K: 3.55e6 },
      convectionResistanceKW: 0.1,
      convectionCapacitanceJK: 140.4,
    },
  });
  const model = buildGridModel(stack, { rows: grid, cols: grid });
  const power = parseTrace(readFileSync(join(dir, 'power.ptrace'), 'utf8'));
  return { run: new HotspotRun(model, mapPowerColumns(model, power.names), 'avg', true, options), power };
}

/** A gzip-compressed reference file as text. */
export function readGz(path: string): string {
  return gunzipSync(readFileSync(path)).toString('utf8');
}
