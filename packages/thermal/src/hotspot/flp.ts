/** HotSpot floorplan files (`.flp`): parse and format (pure). */
import { ThermalFormatError } from '../errors.js';
import { formatLength, isNumberToken, isSkippable, parseNumber, splitLines, tokens } from './text.js';

export interface FloorplanBlock {
  readonly name: string;
  readonly widthM: number;
  readonly heightM: number;
  /** x of the lower-left corner, metres. */
  readonly leftM: number;
  /** y of the lower-left corner (y grows northwards), metres. */
  readonly bottomM: number;
  /** Optional per-block volumetric heat capacity J/(m^3 K) (only `-detailed_3D on`). */
  readonly volumetricHeatCapacity?: number;
  /** Optional per-block resistivity (m K)/W (only `-detailed_3D on`). */
  readonly resistivity?: number;
}

export interface Floorplan {
  readonly blocks: readonly FloorplanBlock[];
}

/** A floorplan shifted so that its minimum x and y are 0, with its bounding box. */
export interface PlacedFloorplan extends Floorplan {
  readonly widthM: number;
  readonly heightM: number;
}

/** Parses a `.flp` text. Wire-density lines (`a b density`) are skipped. */
export function parseFlp(text: string): Floorplan {
  const blocks: FloorplanBlock[] = [];
  const seen = new Set<string>();
  const lines = splitLines(text);
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] ?? '';
    if (isSkippable(line)) continue;
    const tk = tokens(line);
    const lineNo = li + 1;
    if (tk.length === 3 && !isNumberToken(tk[1] ?? '') && isNumberToken(tk[2] ?? '')) continue; // wire density
    if (tk.length !== 5 && tk.length !== 7) {
      throw new ThermalFormatError(
        `floorplan line needs 5 (or 7) fields "name width height left_x bottom_y", got ${tk.length}`,
        { line: lineNo },
      );
    }
    const name = tk[0] ?? '';
    if (seen.has(name)) throw new ThermalFormatError(`duplicate block name ${name}`, { line: lineNo });
    seen.add(name);
    const widthM = parseNumber(tk[1], 'width', lineNo);
    const heightM = parseNumber(tk[2], 'height', lineNo);
    const leftM = parseNumber(tk[3], 'left_x', lineNo);
    const bottomM = parseNumber(tk[4], 'bottom_y', lineNo);
    if (!(widthM > 0) || !(heightM > 0))
      throw new ThermalFormatError(`block ${name} must have positive width and height`, { line: lineNo });
    if (tk.length === 7) {
      blocks.push({
        name,
        widthM,
        heightM,
        leftM,
        bottomM,
        volumetricHeatCapacity: parseNumber(tk[5], 'heat capacity', lineNo),
        resistivity: parseNumber(tk[6], 'resistivity', lineNo),
      });
    } else {
      blocks.push({ name, widthM, heightM, leftM, bottomM });
    }
  }
  if (blocks.length === 0) throw new ThermalFormatError('floorplan has no blocks');
  return { blocks };
}

/** Shifts a floorplan so that min x = min y = 0 (as HotSpot does) and returns its bounding box. */
export function placeFloorplan(fp: Floorplan): PlacedFloorplan {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const b of fp.blocks) {
    minX = Math.min(minX, b.leftM);
    minY = Math.min(minY, b.bottomM);
    maxX = Math.max(maxX, b.leftM + b.widthM);
    maxY = Math.max(maxY, b.bottomM + b.heightM);
  }
  if (fp.blocks.length === 0) throw new ThermalFormatError('floorplan has no blocks');
  const blocks =
    minX === 0 && minY === 0
      ? fp.blocks
      : fp.blocks.map((b) => ({ ...b, leftM: b.leftM - minX, bottomM: b.bottomM - minY }));
  return { blocks, widthM: maxX - minX, heightM: maxY - minY };
}

/** Formats a floorplan as `.flp` text (tab separated, optional leading comment lines). */
export function formatFlp(fp: Floorplan, comments: readonly string[] = []): string {
  const out: string[] = comments.map((c) => `# ${c}`);
  for (const b of fp.blocks) {
    const f = [b.name, formatLength(b.widthM), formatLength(b.heightM), formatLength(b.leftM), formatLength(b.bottomM)];
    if (b.volumetricHeatCapacity !== undefined && b.resistivity !== undefined) {
      f.push(String(b.volumetricHeatCapacity), String(b.resistivity));
    }
    out.push(f.join('\t'));
  }
  return `${out.join('\n')}\n`;
}
