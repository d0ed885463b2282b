/**
 * Floorplans and block names of the project's stack (pure). One frame for
 * every die: origin at the die's lower-left corner, x east, y north, metres.
 * Names follow the HotSpot reference (../shared/reference/hotspot/README.md
 * section 3): cores `C<k>` (k = row * cols + col, row 0 at the bottom), banks
 * `D<d>_B_<x>_<y>` (die d, 0 next to the logic die), TIM tiles `T<k>`.
 */
import type { Floorplan, FloorplanBlock } from '../hotspot/flp.js';

/** nx x ny equal tiles of a w x h die, named by (x, y) from the bottom-left; order: row by row from the bottom, x fastest. */
export function tileFloorplan(
  nx: number,
  ny: number,
  widthM: number,
  heightM: number,
  name: (x: number, y: number) => string,
): Floorplan {
  const w = widthM / nx,
    h = heightM / ny;
  const blocks: FloorplanBlock[] = [];
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) blocks.push({ name: name(x, y), widthM: w, heightM: h, leftM: x * w, bottomM: y * h });
  return { blocks };
}

export const coreBlockName = (k: number): string => `C${k}`;
export const bankBlockName = (die: number, x: number, y: number): string => `D${die}_B_${x}_${y}`;
export const timBlockName = (k: number): string => `T${k}`;
export const timTileName = (x: number, y: number): string => `T_${x}_${y}`;
export const bondBlockName = (die: number, x: number, y: number): string => `K${die}_${x}_${y}`;

/** Core names C0..C(n-1) in core-id order. */
export function coreBlockNames(cols: number, rows: number): string[] {
  return Array.from({ length: cols * rows }, (_, k) => coreBlockName(k));
}

/** Bank names of one die in topology order (row by row from the bottom, x fastest). */
export function bankBlockNames(die: number, banksX: number, banksY: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < banksY; y++) for (let x = 0; x < banksX; x++) out.push(bankBlockName(die, x, y));
  return out;
}

export function coreFloorplan(cols: number, rows: number, widthM: number, heightM: number): Floorplan {
  return tileFloorplan(cols, rows, widthM, heightM, (x, y) => coreBlockName(y * cols + x));
}

export function bankFloorplan(die: number, banksX: number, banksY: number, widthM: number, heightM: number): Floorplan {
  return tileFloorplan(banksX, banksY, widthM, heightM, (x, y) => bankBlockName(die, x, y));
}

/** TIM tiles under the cores, named `T<k>` like the cores (the HotSpot reference's TIM floorplan). */
export function timFloorplan(cols: number, rows: number, widthM: number, heightM: number): Floorplan {
  return tileFloorplan(cols, rows, widthM, heightM, (x, y) => timBlockName(y * cols + x));
}

/** TIM tiles under the banks, `T_<x>_<y>` (fine enough that HotSpot's init files keep the TIM's gradients). */
export function timBankFloorplan(banksX: number, banksY: number, widthM: number, heightM: number): Floorplan {
  return tileFloorplan(banksX, banksY, widthM, heightM, timTileName);
}

/**
 * A bonding layer carries no power, but HotSpot restarts every transient from
 * block means (init-file semantics), so its blocks are as fine as the banks:
 * `K<d>_<x>_<y>` under bank (x, y) of die d.
 */
export function bondFloorplan(die: number, banksX: number, banksY: number, widthM: number, heightM: number): Floorplan {
  return tileFloorplan(banksX, banksY, widthM, heightM, (x, y) => bondBlockName(die, x, y));
}
