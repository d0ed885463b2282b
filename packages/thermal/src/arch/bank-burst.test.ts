import { describe, expect, it } from 'vitest';
import { archWith } from '../../test/arch-configs.js';
import { makeTopology } from '@tasmoe/schemas';
import { computeBankBurstResponse } from './bank-burst.js';
import { computeInfluenceMatrix } from './influence-matrix.js';
import { createEmbeddedArchBackend } from './embedded-arch-backend.js';

// 4x4 mesh under 16x16x8 banks, 2x2 cells per bank, no sub-cell correction: plain grid physics
const arch = archWith((a) => ({
  ...a,
  mesh: { ...a.mesh, cores: [4, 4] },
  dram: { ...a.dram, banks: [16, 16, 8] },
  thermal: { ...a.thermal, grid: [32, 32], sub_cell_banks: false },
}));
const READ_S = 0.00367; // a 56 MiB shard at 16 GB/s
const at = (x: number, y: number) => y * 16 + x;
const KELVIN = 273.15;

/** Rise of the hottest die at bank (x, y) after 1 W on position (sx, sy) of every die for READ_S. */
function riseAt(sx: number, sy: number, x: number, y: number): number {
  const be = createEmbeddedArchBackend(arch, {});
  const p = new Float64Array(be.layout.blockCount);
  for (let d = 0; d < 8; d++) p[16 + d * 256 + at(sx, sy)] = 1 / 8;
  const ambientK = arch.thermal.ambient_c + KELVIN;
  be.reset(ambientK);
  const t = be.step(p, READ_S).blockTempsK;
  let m = 0;
  for (let d = 0; d < 8; d++) m = Math.max(m, (t[16 + d * 256 + at(x, y)] as number) - ambientK);
  be.dispose();
  return m;
}

describe('computeBankBurstResponse', () => {
  const r = computeBankBurstResponse(arch, READ_S);

  it('is symmetric on a centred die: the four corners, and the middles of the four edges, agree', () => {
    const corners = [at(0, 0), at(15, 0), at(0, 15), at(15, 15)].map((q) => r.burstKPerW[q] as number);
    for (const c of corners) expect(Math.abs(c / (corners[0] as number) - 1)).toBeLessThan(1e-9);
    const edges = [at(0, 8), at(8, 0), at(15, 7), at(7, 15)].map((q) => r.burstKPerW[q] as number);
    for (const e of edges) expect(Math.abs(e / (edges[0] as number) - 1)).toBeLessThan(1e-9);
  });

  // Reference: the method of images. The dies' lateral faces are adiabatic, so a source at an edge
  // heats itself as a source plus its mirror image beyond the edge would heat an interior bank:
  // edge = self + neighbour, corner = self + 2 neighbours + diagonal, with self, neighbour and
  // diagonal the interior responses. Tolerance 0.5 % (the spreader and sink under the stack are
  // wider than the die, so the mirror is not exact; measured 0.01-0.02 %).
  it('a burst at the die edge heats its bank as the method of images says', () => {
    const self = r.burstKPerW[at(8, 8)] as number;
    expect(Math.abs(riseAt(8, 8, 8, 8) / self - 1)).toBeLessThan(1e-9);
    const nb = riseAt(8, 8, 7, 8);
    const diag = riseAt(8, 8, 7, 7);
    expect(Math.abs((r.burstKPerW[at(0, 8)] as number) / (self + nb) - 1)).toBeLessThan(0.005);
    expect(Math.abs((r.burstKPerW[at(0, 0)] as number) / (self + 2 * nb + diag) - 1)).toBeLessThan(0.005);
    // so a corner burst is ~2x an interior one here
    expect((r.burstKPerW[at(0, 0)] as number) / self).toBeGreaterThan(1.8);
  });

  it('a read held long enough reaches the steady response (within 0.1 %)', () => {
    const long = computeBankBurstResponse(arch, 1000);
    for (const q of [at(0, 0), at(0, 8), at(8, 8)])
      expect(Math.abs((long.burstKPerW[q] as number) / (long.steadyKPerW[q] as number) - 1)).toBeLessThan(1e-3);
    // and a short read sees a fraction of it
    expect(r.burstKPerW[at(8, 8)] as number).toBeLessThan(r.steadyKPerW[at(8, 8)] as number);
  });

  // Reference: computeInfluenceMatrix's vault -> core influence, whose source is a vault's reads
  // spread evenly over its positions: by linearity the mean of the vault's per-position core
  // responses must be that column. Tolerance 1e-6 relative (two factorisations of one model).
  it("every position's core responses average, over its vault, to the influence matrix's coreFromAccess", () => {
    const a = computeInfluenceMatrix(arch).dram?.coreFromAccess as Float64Array;
    const K = r.coreKPerW as Float64Array;
    expect(r.coreCount).toBe(16);
    const topo = makeTopology(4, 4, 16, 16, 8);
    for (const v of [0, 1, 5]) {
      const pos = topo.vaultBanks(v, 0);
      for (let c = 0; c < 16; c++) {
        let mean = 0;
        for (const q of pos) mean += (K[q * 16 + c] as number) / pos.length;
        const ref = a[c * 16 + v] as number;
        expect(Math.abs(mean / ref - 1)).toBeLessThan(1e-6);
      }
    }
    // and within a vault, a position nearer a neighbour core heats that core more
    const edgeSide = K[at(3, 1) * 16 + 1] as number; // vault 0's position next to core 1
    const farSide = K[at(0, 1) * 16 + 1] as number;
    expect(edgeSide).toBeGreaterThan(1.2 * farSide);
  });

  it('rejects a read duration that is not a positive number', () => {
    expect(() => computeBankBurstResponse(arch, 0)).toThrow(/positive/);
  });
});
