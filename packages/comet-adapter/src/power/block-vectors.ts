/**
 * Glue between this model's per-core/per-bank arrays and the thermal back-end's
 * block vectors (ThermalStackLayout order for the project's stack: the cores
 * C0..C(n-1), then every bank in topology bank-index order, die 0 first).
 * Back ends speak kelvin; these models speak Celsius.
 */
import { KELVIN_OFFSET } from '@tasmoe/thermal';
import type { BlockTemperaturesC } from './block-temperatures.js';
import { PowerModelError } from './errors.js';
import type { WindowPower } from './window-power.js';

/** Writes [coreW..., bankW...] into `out` (length cores + banks) and returns it. */
export function toBlockPowerW(
  power: WindowPower,
  out: Float64Array = new Float64Array(power.coreW.length + power.bankW.length),
): Float64Array {
  const nc = power.coreW.length;
  if (out.length !== nc + power.bankW.length) {
    throw new PowerModelError(
      'POWER_INPUT',
      `block power vector has ${out.length} entries, expected ${nc + power.bankW.length} (cores then banks)`,
    );
  }
  // the halves of `out` already (createWindowPower with the block vector): nothing to copy
  if (isHalfOf(power.coreW, out, 0) && isHalfOf(power.bankW, out, nc)) return out;
  out.set(power.coreW, 0);
  out.set(power.bankW, nc);
  return out;
}

/** Whether `part` is the very memory of whole[from .. from + part.length). */
function isHalfOf(part: Float64Array, whole: Float64Array, from: number): boolean {
  return part.buffer === whole.buffer && part.byteOffset === whole.byteOffset + from * Float64Array.BYTES_PER_ELEMENT;
}

/** Splits a [cores..., banks...] block temperature vector in kelvin into C arrays. */
export function fromBlockTempsK(blockTempsK: Float64Array, out: BlockTemperaturesC): BlockTemperaturesC {
  checkBlockTempsLength(blockTempsK, out);
  const nc = out.coreC.length;
  const nb = out.bankC.length;
  const coreC = out.coreC;
  const bankC = out.bankC;
  for (let c = 0; c < nc; c++) coreC[c] = (blockTempsK[c] as number) - KELVIN_OFFSET;
  for (let b = 0; b < nb; b++) bankC[b] = (blockTempsK[nc + b] as number) - KELVIN_OFFSET;
  return out;
}

/** Refuses a [cores..., banks...] vector whose length is not that of `out`'s two arrays. */
export function checkBlockTempsLength(blockTempsK: Float64Array, out: BlockTemperaturesC): void {
  const n = out.coreC.length + out.bankC.length;
  if (blockTempsK.length !== n) {
    throw new PowerModelError(
      'POWER_INPUT',
      `block temperature vector has ${blockTempsK.length} entries, expected ${n} (cores then banks)`,
    );
  }
}
