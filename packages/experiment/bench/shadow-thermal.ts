/**
 * A thermal module for `tasmoe run-all --thermal-module` (measurement only, not a back end a run
 * should use): the loop runs on the configured back end, and every steady() / step() is also
 * applied, with the same block powers, to embedded back ends at other grids ("shadows"). The
 * shadows never feed back into the loop, so every grid sees exactly the loop's power sequence:
 * their differences are the thermal model's discretisation error alone, not a different run.
 *
 * Environment: TASMOE_SHADOW_GRIDS (comma-separated grid sizes, e.g. "64,32,16"; "16b": 16x16 with
 * bank temperatures at bank resolution, the sub-cell bank correction, whose options may follow:
 * "16b:r3:t0.05:s0.003" = radiusBanks 3, toleranceKW 0.05, sourceThresholdW 0.003),
 * TASMOE_SHADOW_OUT (a file: one CSV row per step with the primary's and each shadow's logic
 * and DRAM peaks in C and the largest |bank temperature - first shadow's| in K).
 */
import { writeFileSync } from 'node:fs';
import { createArchThermalBackend } from '@tasmoe/comet-adapter';
import type { InfluenceMatrix, ResolvedArchConfig, ThermalBackend, ThermalSnapshot } from '@tasmoe/schemas';
import {
  computeInfluenceMatrix,
  createEmbeddedArchBackend,
  type SubCellBankOptions,
  type ThermalArch,
} from '@tasmoe/thermal';

const K0 = 273.15;

interface Peaks {
  logic: number;
  dram: number;
}

function peaks(snap: ThermalSnapshot, logic: number, dram: readonly number[], out: Peaks): Peaks {
  out.logic = (snap.layerPeakK[logic] as number) - K0;
  let p = Number.NEGATIVE_INFINITY;
  for (const i of dram) p = Math.max(p, snap.layerPeakK[i] as number);
  out.dram = p - K0;
  return out;
}

/** The influence matrix TAPS / TACS predict with: the default back end's (so placements are the default run's). */
export function influence(arch: ResolvedArchConfig): InfluenceMatrix {
  return computeInfluenceMatrix(arch);
}

const SUB_CELL_KEYS = { r: 'radiusBanks', t: 'toleranceKW', s: 'sourceThresholdW' } as const;

/** "16" -> off; "16b" -> the defaults; "16b:r5:t0.01" -> those options. */
function subCellOptions(spec: string): false | SubCellBankOptions {
  const [grid = '', ...opts] = spec.split(':');
  if (!grid.endsWith('b')) return false;
  const out: { -readonly [K in keyof SubCellBankOptions]: number } = {};
  for (const o of opts) out[SUB_CELL_KEYS[o[0] as keyof typeof SUB_CELL_KEYS]] = Number(o.slice(1));
  return out;
}

export function createThermal(arch: ThermalArch): ThermalBackend {
  const grids = (process.env.TASMOE_SHADOW_GRIDS ?? '64')
    .split(',')
    .map((s) => s.trim())
    .filter((g) => /^\d+(b(:[rts][\d.e-]+)*)?$/.test(g));
  const outFile = process.env.TASMOE_SHADOW_OUT;
  if (outFile === undefined) throw new Error('TASMOE_SHADOW_OUT is not set');
  const primary = createArchThermalBackend(arch, { reuseSnapshotArrays: true });
  const shadows = grids.map((spec) => {
    const g = Number.parseInt(spec, 10);
    return createEmbeddedArchBackend(arch, {
      grid: [g, g],
      reuseSnapshotArrays: true,
      subCellBanks: subCellOptions(spec),
    });
  });
  const layers = primary.layout.layers;
  const logic = layers.findIndex((l) => l.name === 'logic');
  const dram = layers.flatMap((l, i) => (/^dram\d+$/.test(l.name) ? [i] : []));
  const bankFrom = (layers[logic]?.blocks.length ?? 0) as number;
  const rows: string[] = [];
  const pk: Peaks = { logic: 0, dram: 0 };
  const first = new Float64Array(primary.layout.blockCount);
  const record = (snap: ThermalSnapshot, shadowSnaps: readonly ThermalSnapshot[]): void => {
    const cols: number[] = [];
    peaks(snap, logic, dram, pk);
    cols.push(pk.logic, pk.dram);
    shadowSnaps.forEach((s, k) => {
      peaks(s, logic, dram, pk);
      cols.push(pk.logic, pk.dram);
      if (k === 0) first.set(s.blockTempsK);
    });
    // the loop's bank temperatures (refresh, TACS) against the first shadow's
    let worst = 0;
    const t = snap.blockTempsK;
    for (let b = bankFrom; b < t.length; b++)
      worst = Math.max(worst, Math.abs((t[b] as number) - (first[b] as number)));
    cols.push(shadows.length > 0 ? worst : 0);
    rows.push(cols.map((v) => v.toFixed(4)).join(','));
  };
  const header = ['primary_logic', 'primary_dram', ...grids.flatMap((g) => [`g${g}_logic`, `g${g}_dram`]), 'bank_err'];
  return {
    name: `${primary.name}+shadow`,
    layout: primary.layout,
    steady(powerW) {
      const s = primary.steady(powerW);
      record(
        s,
        shadows.map((b) => b.steady(powerW)),
      );
      return s;
    },
    reset(temperatureK) {
      primary.reset(temperatureK);
      for (const b of shadows) b.reset(temperatureK);
    },
    step(powerW, dtS) {
      const s = primary.step(powerW, dtS);
      record(
        s,
        shadows.map((b) => b.step(powerW, dtS)),
      );
      return s;
    },
    dispose() {
      writeFileSync(outFile, `${header.join(',')}\n${rows.join('\n')}\n`);
      primary.dispose();
      for (const b of shadows) b.dispose();
    },
  };
}
