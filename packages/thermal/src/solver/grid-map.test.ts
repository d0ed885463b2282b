import { describe, expect, it } from 'vitest';
import { placeFloorplan } from '../hotspot/flp.js';
import { blockTemperatures, buildBlockGridMap, cellsFromBlocks, spreadBlockPower } from './grid-map.js';

describe('block <-> grid maps', () => {
  // 4x4 grid on a 4 x 4 m die; A covers the bottom-left 2x2 cells, B the rest of the bottom half, C the top half
  const fp = placeFloorplan({
    blocks: [
      { name: 'A', widthM: 2, heightM: 2, leftM: 0, bottomM: 0 },
      { name: 'B', widthM: 2, heightM: 2, leftM: 2, bottomM: 0 },
      { name: 'C', widthM: 4, heightM: 2, leftM: 0, bottomM: 2 },
    ],
  });
  const map = buildBlockGridMap(fp, 4, 4, 4, 4);
  it('uses row 0 = north edge', () => {
    const cellsOf = (b: number): number[] =>
      Array.from(map.cells.subarray(map.start[b], map.start[b + 1])).sort((x, y) => x - y);
    expect(cellsOf(0)).toEqual([8, 9, 12, 13]);
    expect(cellsOf(2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('spreads power by area and maps temperatures in avg/min/max/center modes', () => {
    const p = new Float64Array(16);
    spreadBlockPower(map, Float64Array.of(4, 8, 16), 0, p, 0);
    expect(p[8]).toBeCloseTo(1, 12);
    expect(p[10]).toBeCloseTo(2, 12);
    expect(p[0]).toBeCloseTo(2, 12);
    const t = Float64Array.from({ length: 16 }, (_, k) => k);
    const out = new Float64Array(3);
    blockTemperatures(map, 'avg', t, 0, out, 0);
    expect(Array.from(out)).toEqual([10.5, 12.5, 3.5]);
    blockTemperatures(map, 'min', t, 0, out, 0);
    expect(Array.from(out)).toEqual([8, 10, 0]);
    blockTemperatures(map, 'max', t, 0, out, 0);
    expect(Array.from(out)).toEqual([13, 15, 7]);
    blockTemperatures(map, 'center', t, 0, out, 0);
    expect(Array.from(out)).toEqual([13, 15, 6]);
  });
  it('rebuilds cells from block values (init-file semantics)', () => {
    const cells = new Float64Array(16);
    cellsFromBlocks(map, [300, 310, 320], 16, 0, cells, 0);
    expect(cells[12]).toBe(300);
    expect(cells[15]).toBe(310);
    expect(cells[0]).toBe(320);
  });
  it('handles blocks smaller than a cell (several blocks share it)', () => {
    const small = buildBlockGridMap(fp, 1, 1, 4, 4);
    const p = new Float64Array(1);
    spreadBlockPower(small, Float64Array.of(1, 2, 3), 0, p, 0);
    expect(p[0]).toBeCloseTo(6, 12);
    const c = new Float64Array(1);
    cellsFromBlocks(small, [300, 300, 400], 1, 0, c, 0);
    expect(c[0]).toBeCloseTo(350, 12);
  });
});
