/**
 * HotSpot inputs -> StackDescription (one producer of the grid model's input),
 * plus HotSpot's naming of blocks in its outputs and its power-trace column
 * grouping rule (pure).
 */
import { ThermalError } from '../errors.js';
import type { GridModel } from '../solver/grid-model.js';
import type { PackageBoundary, StackDescription, StackLayerSpec } from '../solver/stack.js';
import type { Floorplan } from './flp.js';
import type { LayerConfiguration } from './lcf.js';

/** Material values for LCF layers given by material name (`-materials_file`). */
export interface MaterialProperties {
  readonly conductivityWmK: number;
  readonly volumetricHeatCapacityJm3K: number;
}

export interface LcfStackInputs {
  readonly lcf: LayerConfiguration;
  /** Floorplans by the file name used in the LCF. */
  readonly floorplans: ReadonlyMap<string, Floorplan>;
  readonly package: PackageBoundary;
  readonly ambientK: number;
  readonly materials?: ReadonlyMap<string, MaterialProperties>;
}

function baseName(file: string): string {
  const b = file.replace(/^.*[\\/]/, '');
  return b.replace(/\.[^.]*$/, '');
}

/** Builds the stack of an LCF run (layer names = floorplan base names when unique, else `layer_<n>`). */
export function stackFromLcf(inp: LcfStackInputs): StackDescription {
  const bases = inp.lcf.layers.map((l) => baseName(l.floorplanFile));
  const unique = new Set(bases).size === bases.length;
  const layers: StackLayerSpec[] = inp.lcf.layers.map((l, i) => {
    const fp = inp.floorplans.get(l.floorplanFile);
    if (fp === undefined)
      throw new ThermalError('THERMAL_MODEL', `floorplan ${l.floorplanFile} of layer ${l.index} was not provided`);
    let k: number, cv: number;
    if (l.material !== undefined) {
      const m = inp.materials?.get(l.material);
      if (m === undefined)
        throw new ThermalError(
          'THERMAL_MODEL',
          `layer ${l.index}: unknown material ${l.material} (material names need a materials list)`,
        );
      k = m.conductivityWmK;
      cv = m.volumetricHeatCapacityJm3K;
    } else {
      k = 1 / (l.resistivity ?? NaN);
      cv = l.volumetricHeatCapacity ?? NaN;
    }
    return {
      name: unique ? (bases[i] ?? `layer_${l.index}`) : `layer_${l.index}`,
      thicknessM: l.thicknessM,
      conductivityWmK: k,
      volumetricHeatCapacityJm3K: cv,
      lateralFlow: l.lateral,
      dissipatesPower: l.power,
      floorplan: fp,
    };
  });
  return { layers, boundary: inp.package, ambientK: inp.ambientK };
}

export interface ChipStackInputs {
  readonly floorplan: Floorplan;
  readonly chip: {
    readonly thicknessM: number;
    readonly conductivityWmK: number;
    readonly volumetricHeatCapacityJm3K: number;
  };
  readonly interface: {
    readonly thicknessM: number;
    readonly conductivityWmK: number;
    readonly volumetricHeatCapacityJm3K: number;
  };
  readonly package: PackageBoundary;
  readonly ambientK: number;
}

/** HotSpot's default two-layer stack of a `-f` run: silicon die + interface material. */
export function stackFromChipFloorplan(inp: ChipStackInputs): StackDescription {
  return {
    layers: [
      { name: 'chip', ...inp.chip, lateralFlow: true, dissipatesPower: true, floorplan: inp.floorplan },
      { name: 'iface', ...inp.interface, lateralFlow: true, dissipatesPower: false, floorplan: inp.floorplan },
    ],
    boundary: inp.package,
    ambientK: inp.ambientK,
  };
}

/**
 * Names HotSpot prints for every block of every grid layer in a `.steady`
 * file, layer by layer (`layer_<n>_<b>` in LCF mode; `<b>`, `iface_<b>` in
 * `-f` mode; then `hsp_<b>`, `hsink_<b>`), without the `inode_*` lines.
 */
export function hotspotBlockNames(model: GridModel, lcfMode: boolean): string[][] {
  return model.layers.map((layer, n) => {
    const names = layer.floorplan.blocks.map((b) => b.name);
    if (layer.role === 'spreader') return names.map((b) => `hsp_${b}`);
    if (layer.role === 'sink') return names.map((b) => `hsink_${b}`);
    if (lcfMode) return names.map((b) => `layer_${n}_${b}`);
    return n === 0 ? names : names.map((b) => `iface_${b}`);
  });
}

/** Where one power-trace column goes. */
export interface PowerColumn {
  readonly layer: number;
  readonly block: number;
}

/**
 * HotSpot's column grouping rule: walk the power layers in order and consume,
 * for each, as many header names as its floorplan has blocks, looking each
 * name up in that layer only.
 */
export function mapPowerColumns(model: GridModel, names: readonly string[]): PowerColumn[] {
  const out: PowerColumn[] = [];
  let p = 0;
  model.layers.forEach((layer, n) => {
    if (!layer.dissipatesPower) return;
    const index = new Map(layer.floorplan.blocks.map((b, i) => [b.name, i] as const));
    const seen = new Set<number>();
    for (let k = 0; k < layer.floorplan.blocks.length; k++) {
      const name = names[p];
      if (name === undefined)
        throw new ThermalError(
          'THERMAL_MODEL',
          `power trace has ${names.length} columns, but the power layers have more blocks (layer ${n} ${layer.name} needs ${layer.floorplan.blocks.length})`,
        );
      const bi = index.get(name);
      if (bi === undefined)
        throw new ThermalError(
          'THERMAL_MODEL',
          `power trace column ${p + 1} (${name}) is not a block of layer ${n} (${layer.name}); columns must list each power layer's blocks in layer order`,
        );
      if (seen.has(bi)) throw new ThermalError('THERMAL_MODEL', `block ${name} appears twice in the power trace`);
      seen.add(bi);
      out.push({ layer: n, block: bi });
      p++;
    }
  });
  if (p !== names.length)
    throw new ThermalError(
      'THERMAL_MODEL',
      `power trace has ${names.length} columns, the power layers have ${p} blocks`,
    );
  return out;
}
