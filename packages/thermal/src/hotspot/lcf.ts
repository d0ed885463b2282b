/** HotSpot layer configuration files (`.lcf`): parse and format (pure). */
import { ThermalFormatError } from '../errors.js';
import { isNumberToken, isSkippable, parseNumber, splitLines } from './text.js';

export interface LcfLayer {
  /** Layer number: 0 = farthest from the heat sink. */
  readonly index: number;
  /** Lateral heat flow inside the layer (`Y`). */
  readonly lateral: boolean;
  /** Dissipates power (appears in the power trace). */
  readonly power: boolean;
  /** Volumetric heat capacity J/(m^3 K) (absent when `material` is used). */
  readonly volumetricHeatCapacity?: number;
  /** Thermal resistivity (m K)/W = 1/k (absent when `material` is used). */
  readonly resistivity?: number;
  /** Material name instead of the two numbers above. */
  readonly material?: string;
  readonly thicknessM: number;
  /** Floorplan file name, relative to the run's working directory. */
  readonly floorplanFile: string;
}

export interface LayerConfiguration {
  /** Layers sorted by `index` (0 first). */
  readonly layers: readonly LcfLayer[];
}

function parseYN(s: string | undefined, what: string, line: number): boolean {
  if (s === 'Y' || s === 'y') return true;
  if (s === 'N' || s === 'n') return false;
  throw new ThermalFormatError(`expected Y or N for ${what}, got ${JSON.stringify(s ?? '')}`, { line });
}

/** Parses an `.lcf` text: one value per line, 7 lines per layer (6 with a material name). */
export function parseLcf(text: string): LayerConfiguration {
  const vals: { v: string; line: number }[] = [];
  splitLines(text).forEach((l, i) => {
    if (!isSkippable(l)) vals.push({ v: l.trim(), line: i + 1 });
  });
  const layers: LcfLayer[] = [];
  let p = 0;
  const next = (what: string): { v: string; line: number } => {
    const x = vals[p++];
    if (x === undefined) throw new ThermalFormatError(`layer configuration ends early: missing ${what}`);
    return x;
  };
  while (p < vals.length) {
    const n = next('layer number');
    const index = parseNumber(n.v, 'layer number', n.line);
    if (!Number.isInteger(index) || index < 0)
      throw new ThermalFormatError(`layer number must be a non-negative integer, got ${n.v}`, { line: n.line });
    const lat = next('lateral flag');
    const lateral = parseYN(lat.v, 'lateral heat flow', lat.line);
    const pw = next('power flag');
    const power = parseYN(pw.v, 'power dissipation', pw.line);
    const cap = next('heat capacity or material');
    let layer: LcfLayer;
    if (isNumberToken(cap.v)) {
      const rho = next('resistivity');
      const th = next('thickness');
      const fp = next('floorplan file');
      layer = {
        index,
        lateral,
        power,
        volumetricHeatCapacity: parseNumber(cap.v, 'heat capacity', cap.line),
        resistivity: parseNumber(rho.v, 'resistivity', rho.line),
        thicknessM: parseNumber(th.v, 'thickness', th.line),
        floorplanFile: fp.v,
      };
    } else {
      const th = next('thickness');
      const fp = next('floorplan file');
      layer = {
        index,
        lateral,
        power,
        material: cap.v,
        thicknessM: parseNumber(th.v, 'thickness', th.line),
        floorplanFile: fp.v,
      };
    }
    if (!(layer.thicknessM > 0))
      throw new ThermalFormatError(`layer ${index}: thickness must be positive`, { line: n.line });
    layers.push(layer);
  }
  if (layers.length === 0) throw new ThermalFormatError('layer configuration has no layers');
  layers.sort((a, b) => a.index - b.index);
  layers.forEach((l, i) => {
    if (l.index !== i)
      throw new ThermalFormatError(
        `layer numbers must be 0..${layers.length - 1} without gaps or repeats (found ${l.index} at position ${i})`,
      );
  });
  return { layers };
}

/** Formats an `.lcf` text (one value per line, a comment line before each layer). */
export function formatLcf(cfg: LayerConfiguration, comments: readonly string[] = []): string {
  const out: string[] = comments.map((c) => `# ${c}`);
  for (const l of cfg.layers) {
    out.push('', `# layer ${l.index}`, String(l.index), l.lateral ? 'Y' : 'N', l.power ? 'Y' : 'N');
    if (l.material !== undefined) out.push(l.material);
    else out.push(String(l.volumetricHeatCapacity ?? 0), String(l.resistivity ?? 0));
    out.push(String(l.thicknessM), l.floorplanFile);
  }
  return `${out.join('\n')}\n`;
}
