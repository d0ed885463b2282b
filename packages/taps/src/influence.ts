/**
 * The core-to-core thermal influence matrix H (K/W): T_c = ambient + sum_j H[c][j] p_j.
 * The real H comes from the thermal solver (@tasmoe/thermal) and is passed
 * in; TAPS never imports it. Without one, analyticInfluence builds an
 * approximation from the arch config (documented below and in docs/model.md).
 */
import type { InfluenceMatrix } from '@tasmoe/schemas';
import { TapsError } from './errors.js';
import type { ResolvedArchConfig } from './types.js';

export function checkInfluence(h: InfluenceMatrix, coreCount: number): void {
  if (h.coreCount !== coreCount) {
    throw new TapsError(
      'TAPS_INFLUENCE_INVALID',
      `influence matrix is for ${h.coreCount} cores, the arch has ${coreCount}`,
    );
  }
  if (h.data.length !== coreCount * coreCount) {
    throw new TapsError(
      'TAPS_INFLUENCE_INVALID',
      `influence matrix data has ${h.data.length} entries, expected ${coreCount * coreCount}`,
    );
  }
  if (!Number.isFinite(h.ambientC))
    throw new TapsError('TAPS_INFLUENCE_INVALID', `influence matrix ambient ${h.ambientC} is not finite`);
  for (let i = 0; i < h.data.length; i++) {
    const v = h.data[i] as number;
    if (!Number.isFinite(v) || v < 0) {
      throw new TapsError(
        'TAPS_INFLUENCE_INVALID',
        `H[${Math.floor(i / coreCount)}][${i % coreCount}] = ${v}: entries must be finite and >= 0 K/W`,
      );
    }
  }
}

/** In-place Cholesky factorisation of a dense SPD matrix (row-major, lower triangle used). */
function cholesky(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * n + k] as number) ** 2;
    if (!(d > 0)) throw new TapsError('TAPS_INFLUENCE_INVALID', 'analytic conductance matrix is not positive definite');
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / l;
    }
  }
}

function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
}

/**
 * Analytic approximation of H for the mesh: a steady-state resistor network of
 * one node per core (the logic die plus, as parallel lateral paths, the DRAM
 * dies and bonding layers above it), a heat-spreader slab of core-sized cells
 * (its full side, die centred) and one isothermal heat-sink node to ambient.
 *
 * - lateral core-core: sum over the stacked layers of k * t (square cells);
 * - core -> spreader cell below: A / (t_logic/k_logic + t_tim/k_tim), plus the
 *   whole DRAM stack's vertical resistance when the DRAM faces the sink;
 * - spreader lateral k_sp * t_sp; spreader cell -> sink A / (t_sp/k_sp + t_sink/k_sink);
 * - sink -> ambient h * sink area ("air"); with "convective" cooling the die's
 *   sink-side face convects directly (no spreader or sink nodes).
 *
 * The spreader reaching past the die is what makes edge and corner cores cooler
 * under uniform power, as in HotSpot. It is a first-order model (no grid inside a
 * core, no spreader periphery nodes): the thermal solver's H replaces it.
 */
export function analyticInfluence(arch: ResolvedArchConfig): InfluenceMatrix {
  const [cols, rows] = arch.mesh.cores;
  const n = cols * rows;
  const g = arch.geometry;
  const L = g.layers;
  const pitchX = (g.die_mm[0] / cols) * 1e-3;
  const pitchY = (g.die_mm[1] / rows) * 1e-3;
  const area = pitchX * pitchY;
  const dramDies = arch.dram.banks[2];
  const bond = L.bond;
  let kt = L.logic.k_wmk * L.logic.thickness_um * 1e-6 + dramDies * L.dram.k_wmk * L.dram.thickness_um * 1e-6;
  if (bond !== undefined) kt += dramDies * bond.k_wmk * bond.thickness_um * 1e-6;
  const gLatX = (kt * pitchY) / pitchX;
  const gLatY = (kt * pitchX) / pitchY;
  let rVert = (L.logic.thickness_um * 1e-6) / L.logic.k_wmk + (L.tim.thickness_um * 1e-6) / L.tim.k_wmk;
  if (arch.thermal.stack_order === 'dram_near_sink') {
    rVert +=
      dramDies *
      ((L.dram.thickness_um * 1e-6) / L.dram.k_wmk +
        (bond === undefined ? 0 : (bond.thickness_um * 1e-6) / bond.k_wmk));
  }
  const h = g.cooling.h_wmk2k;
  const convective = g.cooling.type === 'convective';
  const sp = arch.thermal.spreader;
  const sk = arch.thermal.sink;
  const spCols = convective ? 0 : Math.max(cols, Math.round((sp.side_mm * 1e-3) / pitchX));
  const spRows = convective ? 0 : Math.max(rows, Math.round((sp.side_mm * 1e-3) / pitchY));
  const offX = Math.floor((spCols - cols) / 2);
  const offY = Math.floor((spRows - rows) / 2);
  const nodes = convective ? n : n + spCols * spRows + 1;
  const G = new Float64Array(nodes * nodes);
  const link = (a: number, b: number, c: number) => {
    G[a * nodes + a] = (G[a * nodes + a] as number) + c;
    G[b * nodes + b] = (G[b * nodes + b] as number) + c;
    G[a * nodes + b] = (G[a * nodes + b] as number) - c;
    G[b * nodes + a] = (G[b * nodes + a] as number) - c;
  };
  const ground = (a: number, c: number) => {
    G[a * nodes + a] = (G[a * nodes + a] as number) + c;
  };
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const c = y * cols + x;
      if (x + 1 < cols) link(c, c + 1, gLatX);
      if (y + 1 < rows) link(c, c + cols, gLatY);
    }
  }
  if (convective) {
    const gDown = area / (rVert + 1 / h);
    for (let c = 0; c < n; c++) ground(c, gDown);
  } else {
    const spNode = (x: number, y: number) => n + y * spCols + x;
    const sinkNode = nodes - 1;
    const spT = sp.thickness_mm * 1e-3;
    const gSpX = (sp.k_wmk * spT * pitchY) / pitchX;
    const gSpY = (sp.k_wmk * spT * pitchX) / pitchY;
    const gSpSink = area / (spT / sp.k_wmk + (sk.thickness_mm * 1e-3) / sk.k_wmk);
    for (let y = 0; y < spRows; y++) {
      for (let x = 0; x < spCols; x++) {
        if (x + 1 < spCols) link(spNode(x, y), spNode(x + 1, y), gSpX);
        if (y + 1 < spRows) link(spNode(x, y), spNode(x, y + 1), gSpY);
        link(spNode(x, y), sinkNode, gSpSink);
      }
    }
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++) link(y * cols + x, spNode(x + offX, y + offY), area / rVert);
    ground(sinkNode, h * (sk.side_mm * 1e-3) ** 2);
  }
  cholesky(G, nodes);
  const data = new Float64Array(n * n);
  const rhs = new Float64Array(nodes);
  for (let j = 0; j < n; j++) {
    rhs.fill(0);
    rhs[j] = 1;
    choleskySolve(G, nodes, rhs);
    // Symmetric network: column j of the inverse = row j.
    for (let c = 0; c < n; c++) data[c * n + j] = rhs[c] as number;
  }
  return { coreCount: n, data, ambientC: arch.thermal.ambient_c };
}
