/** regime-map's IO: the table of points and the map (SVG) of a two-axis sweep. */
import path from 'node:path';
import { writeFileAtomic } from '@tasmoe/experiment';
import { renderSvg } from '@tasmoe/metrics';
import { SweeperError } from '../errors.js';
import type { LoadedSweep } from '../sweep/load-sweep.js';
import { regimeCsv, regimeMap, regimeSpec } from './regime-map.js';

export interface RegimeMapOptions {
  readonly x: string;
  readonly y: string;
  readonly scenario: string;
  readonly csv?: string;
  readonly svg?: string;
}

export interface RegimeMapOutput {
  /** One line per point: axis values, regime, peak temperature or the refusal. */
  readonly lines: readonly string[];
  readonly csvFile: string;
  readonly svgFile: string;
}

export async function writeRegimeMap(
  sweep: LoadedSweep,
  folder: string,
  o: RegimeMapOptions,
): Promise<RegimeMapOutput> {
  const axes = Object.keys(sweep.spec.axes);
  for (const a of [o.x, o.y])
    if (!axes.includes(a))
      throw new SweeperError(
        'USAGE',
        `regime-map: "${a}" is not an axis of ${sweep.spec.name} (axes: ${axes.join(', ')})`,
      );
  if (!sweep.points.every((p) => p.scenarios.includes(o.scenario)))
    throw new SweeperError('USAGE', `regime-map: the sweep does not run scenario "${o.scenario}"`);
  const rows = regimeMap(sweep.points, folder, o.x, o.y, o.scenario);
  const csvFile = path.resolve(o.csv ?? path.join(folder, 'regime-map.csv'));
  const svgFile = path.resolve(o.svg ?? path.join(folder, 'regime-map.svg'));
  writeFileAtomic(csvFile, regimeCsv(rows, o.x, o.y));
  const title = `${o.scenario}: ${sweep.spec.description ?? sweep.spec.name}`;
  writeFileAtomic(svgFile, await renderSvg(regimeSpec(rows, o.x, o.y, title)));
  const lines = rows.map((r) => {
    const detail =
      r.regime === 'refused' || r.regime === 'failed' ? r.cause : `T_peak_logic ${r.metrics.T_peak_logic ?? ''}`;
    return `${o.x}=${r.x} ${o.y}=${r.y}: ${r.regime}${detail === '' ? '' : ` (${detail})`}`;
  });
  return { lines, csvFile, svgFile };
}
