/**
 * Hardware topology derived from an arch config: core coordinates on the mesh,
 * XY-routing hop counts and links, banks and the core whose vault holds them.
 *
 * Frames: core id = row * cols + col, row 0 at the bottom (y = 0), as in the
 * HotSpot reference (C0 bottom-left). Bank (x, y, layer): x, y in bank units
 * from the bottom-left; bank (x, y) lies over core (y / (by/rows), x / (bx/cols)).
 * Bank index = layer * bx * by + y * bx + x.
 */
import { encodeBankId, decodeBankId, type BankCoord, type BankId } from './ids.js';
import type { ResolvedArchConfig } from './config/load.js';

export interface Topology {
  readonly cols: number;
  readonly rows: number;
  readonly coreCount: number;
  readonly banksX: number;
  readonly banksY: number;
  readonly dramLayers: number;
  readonly bankCount: number;
  /** Banks per core vault per DRAM die in x and y. */
  readonly vaultX: number;
  readonly vaultY: number;
  /** Directed NoC links: 4 per core slot (E, W, N, S), unused edges included for simple indexing. */
  readonly linkCount: number;
  coreX(core: number): number;
  coreY(core: number): number;
  coreAt(x: number, y: number): number;
  /** XY-routing hop count (Manhattan distance on the mesh). */
  hops(a: number, b: number): number;
  /** Writes the directed link indices of the XY route a -> b into `out`; returns how many. */
  routeLinks(a: number, b: number, out: Int32Array): number;
  bankIndex(c: BankCoord): number;
  bankCoord(index: number): BankCoord;
  bankIdOf(index: number): BankId;
  bankIndexOfId(id: string): number;
  /** The core whose vault (the column of banks above it) holds this bank. */
  bankOwnerCore(index: number): number;
  /** Bank indices of a core's vault on one DRAM layer, row by row. */
  vaultBanks(core: number, layer: number): number[];
  /** Cores at most `radius` hops away (excluding `core`), nearest first, then by id. */
  neighbours(core: number, radius: number): number[];
}

export const LINK_E = 0;
export const LINK_W = 1;
export const LINK_N = 2;
export const LINK_S = 3;

export function buildTopology(arch: ResolvedArchConfig): Topology {
  const [cols, rows] = arch.mesh.cores;
  const [banksX, banksY, dramLayers] = arch.dram.banks;
  return makeTopology(cols, rows, banksX, banksY, dramLayers);
}

export function makeTopology(cols: number, rows: number, banksX: number, banksY: number, dramLayers: number): Topology {
  const coreCount = cols * rows;
  const vaultX = Math.max(1, Math.floor(banksX / cols));
  const vaultY = Math.max(1, Math.floor(banksY / rows));
  const perLayer = banksX * banksY;
  const coreX = (c: number) => c % cols;
  const coreY = (c: number) => Math.floor(c / cols);
  const bankCoord = (index: number): BankCoord => {
    const layer = Math.floor(index / perLayer);
    const r = index - layer * perLayer;
    return { x: r % banksX, y: Math.floor(r / banksX), layer };
  };
  const bankIndex = (c: BankCoord) => {
    if (c.x >= banksX || c.y >= banksY || c.layer >= dramLayers) {
      throw new RangeError(`bank ${encodeBankId(c)} outside the ${banksX}x${banksY}x${dramLayers} stack`);
    }
    return c.layer * perLayer + c.y * banksX + c.x;
  };
  return {
    cols,
    rows,
    coreCount,
    banksX,
    banksY,
    dramLayers,
    bankCount: perLayer * dramLayers,
    vaultX,
    vaultY,
    linkCount: coreCount * 4,
    coreX,
    coreY,
    coreAt: (x, y) => y * cols + x,
    hops: (a, b) => Math.abs(coreX(a) - coreX(b)) + Math.abs(coreY(a) - coreY(b)),
    routeLinks(a, b, out) {
      let n = 0;
      let x = coreX(a);
      let y = coreY(a);
      const tx = coreX(b);
      const ty = coreY(b);
      while (x !== tx) {
        const dir = tx > x ? LINK_E : LINK_W;
        out[n++] = (y * cols + x) * 4 + dir;
        x += tx > x ? 1 : -1;
      }
      while (y !== ty) {
        const dir = ty > y ? LINK_N : LINK_S;
        out[n++] = (y * cols + x) * 4 + dir;
        y += ty > y ? 1 : -1;
      }
      return n;
    },
    bankIndex,
    bankCoord,
    bankIdOf: (index) => encodeBankId(bankCoord(index)),
    bankIndexOfId: (id) => bankIndex(decodeBankId(id)),
    bankOwnerCore(index) {
      const c = bankCoord(index);
      return Math.min(rows - 1, Math.floor(c.y / vaultY)) * cols + Math.min(cols - 1, Math.floor(c.x / vaultX));
    },
    vaultBanks(core, layer) {
      const x0 = coreX(core) * vaultX;
      const y0 = coreY(core) * vaultY;
      const out: number[] = [];
      for (let y = y0; y < y0 + vaultY; y++)
        for (let x = x0; x < x0 + vaultX; x++) out.push(bankIndex({ x, y, layer }));
      return out;
    },
    neighbours(core, radius) {
      const out: number[] = [];
      for (let c = 0; c < coreCount; c++) {
        const h = Math.abs(coreX(c) - coreX(core)) + Math.abs(coreY(c) - coreY(core));
        if (c !== core && h <= radius) out.push(c);
      }
      const h = (c: number) => Math.abs(coreX(c) - coreX(core)) + Math.abs(coreY(c) - coreY(core));
      return out.sort((p, q) => h(p) - h(q) || p - q);
    },
  };
}
