/**
 * What the loop derives from a thermal snapshot: block temperatures in C for
 * power/DVFS/refresh and TACS, layer peaks and means for the metrics, and
 * mesh-resolution heat-map frames (cores, and per-vault means of each DRAM die).
 */
import type { ThermalSnapshot, ThermalStackLayout, Topology } from '@tasmoe/schemas';

const K0 = 273.15;

export interface LayerIndex {
  readonly logic: number;
  readonly dram: readonly number[];
}

export function layerIndex(layout: ThermalStackLayout): LayerIndex {
  const logic = layout.layers.findIndex((l) => l.name === 'logic');
  const dram = layout.layers.flatMap((l, i) => (/^dram\d+$/.test(l.name) ? [i] : []));
  if (logic < 0) throw new Error('thermal layout has no "logic" layer');
  return { logic, dram };
}

export interface LayerTemps {
  peakLogicC: number;
  meanLogicC: number;
  peakDramC: number;
  meanDramC: number;
}

export function layerTemps(snap: ThermalSnapshot, idx: LayerIndex, out: LayerTemps): LayerTemps {
  out.peakLogicC = (snap.layerPeakK[idx.logic] as number) - K0;
  out.meanLogicC = (snap.layerMeanK[idx.logic] as number) - K0;
  let peak = Number.NEGATIVE_INFINITY;
  let mean = 0;
  for (const i of idx.dram) {
    peak = Math.max(peak, snap.layerPeakK[i] as number);
    mean += snap.layerMeanK[i] as number;
  }
  out.peakDramC = idx.dram.length > 0 ? peak - K0 : Number.NaN;
  out.meanDramC = idx.dram.length > 0 ? mean / idx.dram.length - K0 : Number.NaN;
  return out;
}

/** Spatial variance of the core temperatures, K^2. */
export function variance(xs: Float64Array): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    s += x;
    s2 += x * x;
  }
  const m = s / xs.length;
  return Math.max(0, s2 / xs.length - m * m);
}

/** Per DRAM die, the banks above each core (vault), flattened: [die][core][bank-in-vault]. */
export function vaultBankIndex(topology: Topology): Int32Array {
  const per = topology.vaultX * topology.vaultY;
  const out = new Int32Array(topology.dramLayers * topology.coreCount * per);
  let k = 0;
  for (let d = 0; d < topology.dramLayers; d++) {
    for (let c = 0; c < topology.coreCount; c++) for (const b of topology.vaultBanks(c, d)) out[k++] = b;
  }
  return out;
}

/** One heat-map frame: "logic" then "dram<d>" rows of mesh-resolution temperatures, C. */
export function frameRows(
  win: number,
  tMs: number,
  coreC: Float64Array,
  bankC: Float64Array,
  topology: Topology,
  vaults: Int32Array,
): (string | number)[][] {
  const per = topology.vaultX * topology.vaultY;
  const rows: (string | number)[][] = [[win, round3(tMs), 'logic', ...Array.from(coreC, round3)]];
  for (let d = 0; d < topology.dramLayers; d++) {
    const row: (string | number)[] = [win, round3(tMs), `dram${d}`];
    for (let c = 0; c < topology.coreCount; c++) {
      let s = 0;
      const base = (d * topology.coreCount + c) * per;
      for (let j = 0; j < per; j++) s += bankC[vaults[base + j] as number] as number;
      row.push(round3(s / per));
    }
    rows.push(row);
  }
  return rows;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function frameHeader(coreCount: number): string[] {
  return ['win', 't_ms', 'layer', ...Array.from({ length: coreCount }, (_, k) => `c${k}`)];
}
