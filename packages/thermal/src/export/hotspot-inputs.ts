/**
 * The project's stack in HotSpot's input formats (pure): one floorplan per
 * layer, the layer configuration (LCF), a `-c` option file, and the power-trace
 * column order. Used by the file-mode back end and by `tasmoe thermal-export`.
 *
 * HotSpot's rules (../shared/reference/hotspot/FORMATS.md): LCF layer 0 is
 * the layer farthest from the heat sink; the last LCF layer (our TIM) touches
 * the spreader HotSpot adds; the power trace lists the blocks of every power
 * layer in LCF order (layer 0's first). For the default logic-near-sink stack
 * that is DRAM die N-1's banks, ..., die 0's banks, then the cores.
 */
import type { ThermalStackLayout } from '@tasmoe/schemas';
import { ThermalError } from '../errors.js';
import { formatConfigFile, type OptionPair } from '../hotspot/config-file.js';
import { formatFlp } from '../hotspot/flp.js';
import { formatLcf, type LcfLayer } from '../hotspot/lcf.js';
import type { PackageBoundary, StackDescription } from '../solver/stack.js';
import { archThermalLayout, stackFromArch, type ArchStackOptions, type ThermalArch } from '../arch/arch-stack.js';

/**
 * Option presets for the external binary. "hotspot7": HotSpot 7.0's grid model
 * as the reference data were produced (secondary path, leakage, package model
 * and DTM off; block temperatures = mean of their cells). "comet": CoMeT's
 * thermal engine (a modified HotSpot 6.0, marg-tools/CoMeT hotspot_tool/), which
 * memTherm_core.py always calls with `-model_type grid -model_secondary 1
 * -detailed_3D on`. `thermal.hotspot.extra_args` are appended after the preset
 * and override it.
 */
export type HotspotOptionPreset = 'hotspot7' | 'comet';

export const HOTSPOT_PRESET_OPTIONS: Readonly<Record<HotspotOptionPreset, readonly OptionPair[]>> = {
  hotspot7: [
    ['model_type', 'grid'],
    ['grid_map_mode', 'avg'],
    ['model_secondary', '0'],
    ['leakage_used', '0'],
    ['package_model_used', '0'],
    ['dtm_used', '0'],
  ],
  comet: [
    ['model_type', 'grid'],
    ['grid_map_mode', 'avg'],
    ['model_secondary', '1'],
    ['detailed_3D', 'on'],
  ],
};

export const LCF_FILE = 'stack.lcf';
export const CONFIG_FILE = 'hotspot.config';

export interface HotspotInputOptions {
  /** Stack options (package overrides); tiers are always "layers" here. */
  readonly stack?: ArchStackOptions;
  /** Grid [rows, cols]; default `arch.thermal.grid`. */
  readonly grid?: readonly [number, number];
  /** `-sampling_intvl`, s (default 0.003, one 3 ms window). */
  readonly samplingIntervalS?: number;
  readonly preset?: HotspotOptionPreset;
}

export interface HotspotInputs {
  readonly stack: StackDescription;
  readonly layout: ThermalStackLayout;
  /** Files by name, relative to the run folder: `<layer>.flp`, stack.lcf, hotspot.config. */
  readonly files: ReadonlyMap<string, string>;
  /** `-c` option pairs (also in hotspot.config). */
  readonly options: readonly OptionPair[];
  /** Power-trace column names in HotSpot's order. */
  readonly columns: readonly string[];
  /** Trace column of each layout block (layout order: cores, then banks die by die). */
  readonly columnOfBlock: Int32Array;
  /** LCF (= grid) layer index of each layout layer (`layer_<n>_` names, `Layer n:` in grid files). */
  readonly gridLayerOfLayoutLayer: readonly number[];
}

/** HotSpot inputs for an arch config (air cooling only: HotSpot always models a spreader and sink). */
export function hotspotInputsForArch(arch: ThermalArch, opts: HotspotInputOptions = {}): HotspotInputs {
  const stack = stackFromArch(arch, { ...opts.stack, tiers: 'layers' });
  if (stack.boundary.kind !== 'package') {
    throw new ThermalError(
      'THERMAL_MODEL',
      'geometry.cooling.type "convective" has no HotSpot equivalent (HotSpot always adds a heat spreader and sink): use cooling.type "air" with the hotspot-file back end or the export',
    );
  }
  const [rows, cols] = opts.grid ?? arch.thermal.grid;
  const files = new Map<string, string>();
  const lcfLayers: LcfLayer[] = stack.layers.map((l, index) => {
    if (l.lateralConductivityWmK !== undefined && l.lateralConductivityWmK !== l.conductivityWmK) {
      throw new ThermalError(
        'THERMAL_MODEL',
        `layer ${l.name} is anisotropic; HotSpot's LCF has one conductivity per layer`,
      );
    }
    const file = `${l.name}.flp`;
    files.set(
      file,
      formatFlp(l.floorplan, [`layer ${index} of ${stack.layers.length} (0 = farthest from the heat sink): ${l.name}`]),
    );
    return {
      index,
      lateral: l.lateralFlow ?? true,
      power: l.dissipatesPower,
      volumetricHeatCapacity: l.volumetricHeatCapacityJm3K,
      resistivity: 1 / l.conductivityWmK,
      thicknessM: l.thicknessM,
      floorplanFile: file,
    };
  });
  files.set(
    LCF_FILE,
    formatLcf({ layers: lcfLayers }, [
      'TAS-MoE stack (generated from the arch config by @tasmoe/comet-adapter)',
      'layer 0 = farthest from the heat sink; HotSpot appends the spreader and the sink',
      'fields: number, lateral flow Y/N, power Y/N, c_v J/(m^3 K), resistivity (m K)/W, thickness m, floorplan',
    ]),
  );
  const options = hotspotOptionPairs(
    stack.boundary,
    stack.ambientK,
    rows,
    cols,
    opts.samplingIntervalS ?? 0.003,
    opts.preset ?? 'hotspot7',
  );
  files.set(
    CONFIG_FILE,
    formatConfigFile(options, [
      'HotSpot options for the TAS-MoE stack (run: hotspot -c hotspot.config -p <trace> ...)',
    ]),
  );

  const layout = archThermalLayout(arch);
  const byName = new Map(stack.layers.map((l, i) => [l.name, i] as const));
  const gridLayerOfLayoutLayer = layout.layers.map((ll) => {
    const i = byName.get(ll.name);
    if (i === undefined) throw new ThermalError('THERMAL_MODEL', `layout layer ${ll.name} is not a stack layer`);
    return i;
  });
  // trace columns: power layers in LCF order, each layer's blocks in floorplan order
  const columns: string[] = [];
  const columnOf = new Map<string, number>();
  stack.layers.forEach((l, i) => {
    if (!l.dissipatesPower) return;
    for (const b of l.floorplan.blocks) {
      columnOf.set(`${i}/${b.name}`, columns.length);
      columns.push(b.name);
    }
  });
  const columnOfBlock = new Int32Array(layout.blockCount);
  let k = 0;
  layout.layers.forEach((ll, li) => {
    const gl = gridLayerOfLayoutLayer[li] as number;
    for (const bn of ll.blocks) {
      const c = columnOf.get(`${gl}/${bn}`);
      if (c === undefined)
        throw new ThermalError(
          'THERMAL_MODEL',
          `block ${bn} of layout layer ${ll.name} is not a power block of stack layer ${gl}`,
        );
      columnOfBlock[k++] = c;
    }
  });
  if (columns.length !== layout.blockCount)
    throw new ThermalError(
      'THERMAL_MODEL',
      `the power layers have ${columns.length} blocks, the layout ${layout.blockCount}`,
    );
  return { stack, layout, files, options, columns, columnOfBlock, gridLayerOfLayoutLayer };
}

function hotspotOptionPairs(
  pkg: PackageBoundary,
  ambientK: number,
  rows: number,
  cols: number,
  dtS: number,
  preset: HotspotOptionPreset,
): OptionPair[] {
  const n = (v: number): string => String(v);
  return [
    ...HOTSPOT_PRESET_OPTIONS[preset],
    ['grid_layer_file', LCF_FILE],
    ['grid_rows', String(rows)],
    ['grid_cols', String(cols)],
    ['ambient', n(ambientK)],
    ['init_temp', n(ambientK)],
    ['sampling_intvl', n(dtS)],
    ['r_convec', n(pkg.convectionResistanceKW)],
    ['c_convec', n(pkg.convectionCapacitanceJK)],
    ['s_sink', n(pkg.sink.sideM)],
    ['t_sink', n(pkg.sink.thicknessM)],
    ['k_sink', n(pkg.sink.conductivityWmK)],
    ['p_sink', n(pkg.sink.volumetricHeatCapacityJm3K)],
    ['s_spreader', n(pkg.spreader.sideM)],
    ['t_spreader', n(pkg.spreader.thicknessM)],
    ['k_spreader', n(pkg.spreader.conductivityWmK)],
    ['p_spreader', n(pkg.spreader.volumetricHeatCapacityJm3K)],
  ];
}

/** A power trace of the given rows (layout-order block powers, W) in HotSpot's column order. */
export function formatArchPowerTrace(
  inputs: Pick<HotspotInputs, 'columns' | 'columnOfBlock'>,
  rows: readonly Float64Array[],
): string {
  const { columns, columnOfBlock } = inputs;
  const parts: string[] = [columns.join('\t')];
  const line: string[] = new Array<string>(columns.length);
  for (const row of rows) {
    if (row.length !== columnOfBlock.length)
      throw new ThermalError('THERMAL_INPUT', `expected ${columnOfBlock.length} block powers, got ${row.length}`);
    for (let b = 0; b < row.length; b++) line[columnOfBlock[b] as number] = String(row[b]);
    parts.push(line.join('\t'));
  }
  return `${parts.join('\n')}\n`;
}
