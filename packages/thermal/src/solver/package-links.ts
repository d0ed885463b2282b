/**
 * The package periphery as the boundary correction sees it: the 12 lumped nodes (their
 * block Gpp of G) and their links to the edge cells of the spreader and sink layers. The
 * boundary unknowns are those edge cells, layer by layer (m = periphery layers x edge
 * cells, index a*E + c); each has a diagonal conductance D (sum of its links) and up to K
 * links B to periphery nodes.
 */
import { ThermalError } from '../errors.js';
import type { EdgeCells } from './edge-cells.js';
import type { Edge, GridModel } from './grid-model.js';

export class PackageLinks {
  /** Periphery node count (0 or 12). */
  readonly np: number;
  /** Grid layers with edge links, ascending (the spreader and sink: the last two). */
  readonly pLayers: readonly number[];
  /** Number of boundary unknowns of the capacity system. */
  readonly m: number;
  /** Max periphery links of one edge cell (2; 3-4 for 1-row/column grids). */
  readonly K: number;
  readonly Bnode: Int32Array; // [c*K + s], -1 = none
  readonly Bg: Float64Array;
  readonly Dvec: Float64Array;
  /** Periphery block of G (np x np), links to the edge cells included on its diagonal. */
  readonly Gpp: Float64Array;
  /** Left-right and top-bottom mirror images of each capacity unknown (same layer). */
  readonly mirrorH: Int32Array;
  readonly mirrorV: Int32Array;

  constructor(model: GridModel, edges: EdgeCells) {
    const { R, C, E, edgeI, edgeJ } = edges;
    const per = model.periphery;
    this.np = per !== undefined ? per.nodeNames.length : 0;
    const np = this.np;
    this.pLayers = per !== undefined ? [...new Set(per.edgeLinks.map((e) => e.layer))].sort((a, b) => a - b) : [];
    const nP = this.pLayers.length;
    const m = (this.m = nP * E);
    this.Dvec = new Float64Array(m);
    {
      const at = new Map<number, number>();
      for (let c = 0; c < E; c++) at.set((edgeI[c] as number) * C + (edgeJ[c] as number), c);
      const mirror = (flip: (i: number, j: number) => number): Int32Array =>
        Int32Array.from({ length: m }, (_, r) => {
          const a = Math.floor(r / E),
            c = r % E;
          return a * E + (at.get(flip(edgeI[c] as number, edgeJ[c] as number)) as number);
        });
      this.mirrorH = mirror((i, j) => i * C + (C - 1 - j));
      this.mirrorV = mirror((i, j) => (R - 1 - i) * C + j);
    }
    this.K = R === 1 || C === 1 ? 4 : 2;
    const K = this.K;
    this.Bnode = new Int32Array(m * K).fill(-1);
    this.Bg = new Float64Array(m * K);
    this.Gpp = new Float64Array(np * np);
    if (per !== undefined) {
      const onEdge = (c: number, e: Edge): boolean => {
        const i = edgeI[c] as number,
          j = edgeJ[c] as number;
        return e === 'W' ? j === 0 : e === 'E' ? j === C - 1 : e === 'N' ? i === 0 : i === R - 1;
      };
      for (const link of per.edgeLinks) {
        const a = this.pLayers.indexOf(link.layer);
        for (let c = 0; c < E; c++) {
          if (!onEdge(c, link.edge)) continue;
          const r = a * E + c;
          let slot = 0;
          while (slot < K && this.Bnode[r * K + slot] !== -1) slot++;
          if (slot === K) throw new ThermalError('THERMAL_MODEL', `a grid cell has more than ${K} periphery links`);
          this.Bnode[r * K + slot] = link.node;
          this.Bg[r * K + slot] = link.gPerCell;
          this.Dvec[r] = (this.Dvec[r] as number) + link.gPerCell;
          this.Gpp[link.node * np + link.node] = (this.Gpp[link.node * np + link.node] as number) + link.gPerCell;
        }
      }
      for (const { a, b, g } of per.links) {
        this.Gpp[a * np + a] = (this.Gpp[a * np + a] as number) + g;
        this.Gpp[b * np + b] = (this.Gpp[b * np + b] as number) + g;
        this.Gpp[a * np + b] = (this.Gpp[a * np + b] as number) - g;
        this.Gpp[b * np + a] = (this.Gpp[b * np + a] as number) - g;
      }
      for (let n = 0; n < np; n++)
        this.Gpp[n * np + n] = (this.Gpp[n * np + n] as number) + (per.gAmbient[n] as number);
    }
  }
}
