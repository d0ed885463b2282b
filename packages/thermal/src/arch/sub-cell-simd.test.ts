/**
 * The SIMD scatter of the sub-cell correction against its JavaScript loop: the same bits, because
 * f64x2.mul and f64x2.add round each lane as the scalar operations do.
 */
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../test/arch-configs.js';
import { archThermalLayout, stackFromArch } from './arch-stack.js';
import { buildSubCellBankKernel, SubCellBankCorrection } from './sub-cell-banks.js';
import { createScatterSimd, scatterModuleBytes } from './sub-cell-simd.js';

describe('sub-cell SIMD scatter', () => {
  it('compiles and adds dev x values to strided runs', () => {
    expect(scatterModuleBytes()[0]).toBe(0);
    const simd = createScatterSimd();
    expect(simd).toBeDefined();
    if (simd === undefined) return;
    const m = new Float64Array(simd.memory.buffer);
    for (let i = 0; i < 64; i++) m[i] = i;
    for (let i = 0; i < 8; i++) m[100 + i] = 1 + i / 10;
    // 2 rows of 4 doubles, 8 doubles apart, from values at double 100
    simd.scatter(0, 800, 2, 2, 4, 64);
    const want = Array.from({ length: 16 }, (_, i) => i);
    for (let i = 0; i < 4; i++) {
      want[i] = i + 2 * (1 + i / 10);
      want[8 + i] = 8 + i + 2 * (1 + (4 + i) / 10);
    }
    expect(Array.from(m.subarray(0, 16))).toEqual(want);
  });

  it('gives the JavaScript loop bit for bit on the default arch: die and column sources, edges, memory growth', () => {
    const arch = loadArch('arch_8x8_32x32x8.yaml');
    const kernel = buildSubCellBankKernel(stackFromArch(arch, { tiers: 'composite' }), {
      banks: arch.dram.banks,
      grid: { rows: 16, cols: 16 },
    });
    expect(kernel).toBeDefined();
    if (kernel === undefined) return;
    const layout = archThermalLayout(arch);
    const withSimd = new SubCellBankCorrection(kernel, layout);
    const plain = new SubCellBankCorrection(kernel, layout, { simd: false });
    const first = layout.blockCount - 8192;
    let s = 7;
    const rnd = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    let diffs = 0;
    for (let w = 0; w < 60; w++) {
      const p = new Float64Array(layout.blockCount).fill(0.0013);
      for (let c = 0; c < first; c++) p[c] = 0.2 + rnd();
      // striped reads (a column: the same power on every die), single-die reads, many near the edges
      for (let a = 0; a < 40; a++) {
        const x = rnd() < 0.5 ? Math.floor(rnd() * 6) : Math.floor(rnd() * 32);
        const y = Math.floor(rnd() * 32);
        const pw = 0.01 + 0.2 * rnd();
        if (rnd() < 0.5) for (let d = 0; d < 8; d++) p[first + d * 1024 + y * 32 + x] = pw;
        else p[first + Math.floor(rnd() * 8) * 1024 + y * 32 + x] = pw;
      }
      const a = new Float64Array(layout.blockCount).fill(330 + w / 10);
      const b = a.slice();
      const pa = new Float64Array(layout.layers.length);
      const pb = pa.slice();
      withSimd.setPower(p, w === 0);
      plain.setPower(p, w === 0);
      withSimd.apply(a, pa);
      plain.apply(b, pb);
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) diffs++;
      for (let i = 0; i < pa.length; i++) if (!Object.is(pa[i], pb[i])) diffs++;
      // the correction is there (not both zero)
      if (w === 1) expect(a.some((t, i) => i >= first && t !== 330 + w / 10)).toBe(true);
    }
    expect(diffs).toBe(0);
  });
});
