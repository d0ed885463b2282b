/**
 * Test double of the thermal solver's influence matrix H (K/W) for a cols x rows
 * mesh, with the interface of @tasmoe/schemas InfluenceMatrix. Not the public API.
 *
 * Shape: H[i][j] = a * [i = j] + b * exp(-r_ij / lambda) + c, r_ij the Euclidean
 * distance in core pitches. Diagonal largest, decaying with distance, symmetric.
 * Because a centre core has more near neighbours, row sums are larger at the
 * centre: under uniform power corners are cooler, as in a 3D stack whose heat
 * spreader reaches past the die. b and c are calibrated so that 1 W per core on
 * an 8x8 mesh reproduces HotSpot reference case a's C0 and C27 block means
 * (348.21 K and 352.37 K at ambient 318.15 K): rises of 30.06 K and 34.22 K.
 */
import type { InfluenceMatrix } from '@tasmoe/schemas';

export const CASE_A = { ambientK: 318.15, c0K: 348.21, c27K: 352.37 } as const;

function kernelSum(cols: number, rows: number, core: number, lambda: number): number {
  const x0 = core % cols;
  const y0 = Math.floor(core / cols);
  let s = 0;
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) s += Math.exp(-Math.hypot(x - x0, y - y0) / lambda);
  return s;
}

export function influenceDouble(cols = 8, rows = 8, opts: { a?: number; lambda?: number; ambientC?: number } = {}): InfluenceMatrix {
  const a = opts.a ?? 2.0;
  const lambda = opts.lambda ?? 1.5;
  const n = cols * rows;
  // Calibrate on the 8x8 reference: corner C0 and centre C27.
  const s0 = kernelSum(8, 8, 0, lambda);
  const s27 = kernelSum(8, 8, 27, lambda);
  const rise0 = CASE_A.c0K - CASE_A.ambientK;
  const rise27 = CASE_A.c27K - CASE_A.ambientK;
  const b = (rise27 - rise0) / (s27 - s0);
  const c = (rise0 - a - b * s0) / 64;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r = Math.hypot((i % cols) - (j % cols), Math.floor(i / cols) - Math.floor(j / cols));
      data[i * n + j] = (i === j ? a : 0) + b * Math.exp(-r / lambda) + c;
    }
  }
  return { coreCount: n, data, ambientC: opts.ambientC ?? CASE_A.ambientK - 273.15 };
}

/**
 * Test double of the solver's DRAM influence (InfluenceMatrix.dram) on top of a core H, shaped as
 * the solver's is on the default stack (logic near the sink; @tasmoe/thermal influence-matrix.test.ts):
 * a core heats the dies above it less the higher they are (fromCore = H x 0.8^die), a vault's reads
 * heat the higher dies more (fromAccess = H x (1 + 0.2 die)), and uniform bank power heats the top
 * die most (fromBanks = row sum of H / cores x (1 + 0.1 die)), and a vault's reads reach the
 * cores as fromCore's reciprocity says (coreFromAccess). `hotVault` adds 2 K/W of uniform-bank
 * influence on every die of one vault (a DRAM hot spot no core sees). Not the public API.
 */
export function withDramDouble(h: InfluenceMatrix, dies = 2, opts: { hotVault?: number } = {}): InfluenceMatrix {
  const n = h.coreCount;
  const N = dies * n;
  const fromCore = new Float64Array(N * n);
  const fromAccess = new Float64Array(N * n);
  const fromBanks = new Float64Array(N);
  for (let d = 0; d < dies; d++)
    for (let v = 0; v < n; v++) {
      let row = 0;
      for (let j = 0; j < n; j++) {
        const x = h.data[v * n + j] as number;
        fromCore[(d * n + v) * n + j] = x * 0.8 ** d;
        fromAccess[(d * n + v) * n + j] = x * (1 + 0.2 * d);
        row += x;
      }
      fromBanks[d * n + v] = (row / n) * (1 + 0.1 * d) + (v === opts.hotVault ? 2 : 0);
    }
  // The cores' share of a vault's reads, by reciprocity with fromCore (the solver's is a solve).
  let mean = 0;
  for (let d = 0; d < dies; d++) mean += 0.8 ** d / dies;
  const coreFromAccess = new Float64Array(n * n);
  for (let c = 0; c < n; c++)
    for (let v = 0; v < n; v++) coreFromAccess[c * n + v] = (h.data[v * n + c] as number) * mean;
  return {
    ...h,
    dram: {
      dies,
      fromCore,
      fromAccess,
      fromBanks,
      coreFromAccess,
      accessDieShare: new Float64Array(dies).fill(1 / dies),
    },
  };
}
