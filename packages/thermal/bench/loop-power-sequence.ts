/**
 * The loop's block-power sequence for the thermal benches (bench:loop, loop-ab): default arch
 * (configs/arch_8x8_32x32x8.yaml), 2,000 windows of 3 ms whose block powers vary like the
 * experiment loop's (64 cores 0.1-0.5 W, a few dozen active banks ~0.25 W, the rest ~1.3 mW
 * leakage), from a deterministic LCG so every run sees the same sequence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '@tasmoe/schemas';
import { findRepoRoot } from '../test/reference-dir.js';

const root = findRepoRoot() ?? '.';
export const arch = parseConfigText(
  'arch',
  readFileSync(join(root, 'configs', 'arch_8x8_32x32x8.yaml'), 'utf8'),
  'arch_8x8_32x32x8.yaml',
);
export const CORES = 64,
  N = CORES + 8192,
  WINDOWS = 2000,
  DT = 3e-3;

let seed = 424242;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
// per window: 64 core powers and the active banks (the loop fills one reused block-power array likewise)
const corePowers: Float64Array[] = [];
const activeBanks: { index: Int32Array; powerW: Float64Array }[] = [];
for (let w = 0; w < WINDOWS; w++) {
  corePowers.push(Float64Array.from({ length: CORES }, () => 0.1 + 0.4 * rnd()));
  const active = 24 + Math.floor(24 * rnd());
  activeBanks.push({
    index: Int32Array.from({ length: active }, () => CORES + Math.floor(rnd() * 8192)),
    powerW: Float64Array.from({ length: active }, () => 0.2 + 0.1 * rnd()),
  });
}
export const power = new Float64Array(N).fill(0.0013);
/** Writes window w's powers into the reused array (undoing window w-1's active banks). */
export function fill(w: number): Float64Array {
  const prev = activeBanks[(w + WINDOWS - 1) % WINDOWS];
  if (prev !== undefined) for (let a = 0; a < prev.index.length; a++) power[prev.index[a] as number] = 0.0013;
  power.set(corePowers[w] as Float64Array, 0);
  const cur = activeBanks[w];
  if (cur !== undefined)
    for (let a = 0; a < cur.index.length; a++) power[cur.index[a] as number] = cur.powerW[a] as number;
  return power;
}
