/**
 * A HotSpot-7.0-compatible command (grid model): accepts HotSpot's command
 * line (`-name value` pairs, `-c` config files) and writes the same output
 * files in the same formats (kelvin, two decimals). Unsupported options are
 * refused by name with a non-zero exit code.
 */
import { ThermalError, ThermalOptionUnsupportedError, withFile } from '../errors.js';
import { buildGridModel, type GridModel } from '../solver/grid-model.js';
import { blockTemperatures, cellsFromBlocks, spreadBlockPower, type GridMapMode } from '../solver/grid-map.js';
import type { PackageBoundary, StackDescription } from '../solver/stack.js';
import { ThermalSimulator, type ThermalSimulatorOptions } from '../solver/thermal-simulator.js';
import { formatConfigFile, parseConfigFile } from './config-file.js';
import { parseFlp } from './flp.js';
import { formatGridLayers, formatGridTransientFrame } from './grid-file.js';
import {
  hotspotBlockNames,
  mapPowerColumns,
  stackFromChipFloorplan,
  stackFromLcf,
  type PowerColumn,
} from './hotspot-stack.js';
import { appendTextFile, readTextFile, resolvePath, writeTextFile } from './io.js';
import { parseLcf } from './lcf.js';
import { COMMAND_LINE_ONLY, argvPairs, mergeOptions, numberOption, type HotspotOptions } from './options.js';
import { formatSteadyFile, parseSteadyFile, steadyToMap } from './steady-file.js';
import { KelvinRows } from './kelvin-rows.js';
import { formatTraceHeader, parseTrace } from './trace.js';

export interface TextSink {
  write(chunk: string): unknown;
}

export interface HotspotCommandIo {
  /** Directory relative paths (options, LCF floorplans) are resolved against. */
  readonly cwd: string;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

/** Runs the command; returns the process exit code (0 = success). */
export function runHotspotCommand(argv: readonly string[], io: HotspotCommandIo): number {
  try {
    runOrThrow(argv, io);
    return 0;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr.write(`hotspot: error: ${msg}\n`);
    return err instanceof ThermalOptionUnsupportedError ? 2 : 1;
  }
}

function read<T>(io: HotspotCommandIo, file: string, parse: (text: string) => T): T {
  const path = resolvePath(io.cwd, file);
  const text = readTextFile(path);
  try {
    return parse(text);
  } catch (err) {
    throw withFile(err, file);
  }
}

function packageFrom(o: HotspotOptions): PackageBoundary {
  return {
    kind: 'package',
    spreader: {
      sideM: numberOption(o, 's_spreader'),
      thicknessM: numberOption(o, 't_spreader'),
      conductivityWmK: numberOption(o, 'k_spreader'),
      volumetricHeatCapacityJm3K: numberOption(o, 'p_spreader'),
    },
    sink: {
      sideM: numberOption(o, 's_sink'),
      thicknessM: numberOption(o, 't_sink'),
      conductivityWmK: numberOption(o, 'k_sink'),
      volumetricHeatCapacityJm3K: numberOption(o, 'p_sink'),
    },
    convectionResistanceKW: numberOption(o, 'r_convec'),
    convectionCapacitanceJK: numberOption(o, 'c_convec'),
  };
}

/** Effective options of a command line (config files read relative to cwd). */
export function hotspotOptionsFromArgv(
  argv: readonly string[],
  io: Pick<HotspotCommandIo, 'cwd'>,
): Map<string, string> {
  const pairs = argvPairs(argv);
  const config: (readonly [string, string])[] = [];
  for (const [n, v] of pairs) {
    if (n === 'c')
      config.push(...read({ ...io, stdout: { write: () => 0 }, stderr: { write: () => 0 } }, v, parseConfigFile));
  }
  return mergeOptions(
    config,
    pairs.filter(([n]) => n !== 'c'),
  );
}

function runOrThrow(argv: readonly string[], io: HotspotCommandIo): void {
  const o = hotspotOptionsFromArgv(argv, io);
  if (o.get('model_type') !== 'grid') {
    throw new ThermalOptionUnsupportedError(
      'model_type',
      `option -model_type ${o.get('model_type') ?? ''} is not supported: only the grid model is implemented (HotSpot's default is block; pass -model_type grid)`,
    );
  }
  const ptraceFile = o.get('p');
  if (ptraceFile === undefined) throw new ThermalError('THERMAL_OPTION_INVALID', 'option -p (power trace) is required');
  const dump = o.get('d');
  if (dump !== undefined) {
    const pairs = [...o.entries()].filter(([n]) => !COMMAND_LINE_ONLY.has(n)).sort(([a], [b]) => a.localeCompare(b));
    writeTextFile(
      resolvePath(io.cwd, dump),
      formatConfigFile(pairs, ['effective options of the HotSpot-compatible command']),
    );
  }

  const ambientK = numberOption(o, 'ambient');
  const pkg = packageFrom(o);
  const lcfFile = o.get('grid_layer_file');
  let stack: StackDescription;
  if (lcfFile !== undefined) {
    if (o.has('f')) io.stderr.write('hotspot: warning: -f is ignored when -grid_layer_file is given\n');
    const lcf = read(io, lcfFile, parseLcf);
    const floorplans = new Map(lcf.layers.map((l) => [l.floorplanFile, read(io, l.floorplanFile, parseFlp)] as const));
    stack = stackFromLcf({ lcf, floorplans, package: pkg, ambientK });
  } else {
    const flp = o.get('f');
    if (flp === undefined)
      throw new ThermalError('THERMAL_OPTION_INVALID', 'a floorplan is required: -f FILE or -grid_layer_file FILE');
    stack = stackFromChipFloorplan({
      floorplan: read(io, flp, parseFlp),
      chip: {
        thicknessM: numberOption(o, 't_chip'),
        conductivityWmK: numberOption(o, 'k_chip'),
        volumetricHeatCapacityJm3K: numberOption(o, 'p_chip'),
      },
      interface: {
        thicknessM: numberOption(o, 't_interface'),
        conductivityWmK: numberOption(o, 'k_interface'),
        volumetricHeatCapacityJm3K: numberOption(o, 'p_interface'),
      },
      package: pkg,
      ambientK,
    });
  }
  const model = buildGridModel(stack, { rows: numberOption(o, 'grid_rows'), cols: numberOption(o, 'grid_cols') });
  const trace = read(io, ptraceFile, parseTrace);
  if (trace.rows.length === 0)
    throw new ThermalError('THERMAL_FORMAT', 'power trace has no rows', { file: ptraceFile });
  let columns: PowerColumn[];
  try {
    columns = mapPowerColumns(model, trace.names);
  } catch (err) {
    throw withFile(err, ptraceFile);
  }
  const run = new HotspotRun(
    model,
    columns,
    (o.get('grid_map_mode') ?? 'center') as GridMapMode,
    lcfFile !== undefined,
  );

  const ttrace = o.get('o');
  if (ttrace !== undefined) {
    const dt = numberOption(o, 'sampling_intvl');
    const initFile = o.get('init_file');
    if (initFile !== undefined) {
      const init = read(io, initFile, parseSteadyFile);
      try {
        run.setFromBlockTemperatures(steadyToMap(init));
      } catch (err) {
        throw withFile(err, initFile);
      }
    } else {
      run.sim.setUniform(numberOption(o, 'init_temp'));
    }
    const ttracePath = resolvePath(io.cwd, ttrace);
    const gridTransient = o.get('grid_transient_file');
    const gridPath = gridTransient !== undefined ? resolvePath(io.cwd, gridTransient) : undefined;
    writeTextFile(ttracePath, formatTraceHeader(trace.names));
    const rows = new KelvinRows();
    trace.rows.forEach((row, r) => {
      run.sim.step(run.cellPower([row]), dt);
      const cells = run.sim.cellTemperatures(run.cells);
      rows.push(run.powerColumnTemperatures(cells));
      if (gridPath !== undefined) appendTextFile(gridPath, formatGridTransientFrame(r * dt, run.layerViews(cells)));
    });
    appendTextFile(ttracePath, rows.bytes());
    const allTransient = o.get('all_transient_file');
    if (allTransient !== undefined) {
      // CoMeT's extension: the end state of every node, for the next interval's -init_file
      writeTextFile(
        resolvePath(io.cwd, allTransient),
        formatSteadyFile(run.allBlockTemperatures(run.sim.cellTemperatures(run.cells))),
      );
    }
  }

  const steadyFile = o.get('steady_file'),
    gridSteady = o.get('grid_steady_file');
  if (ttrace === undefined || steadyFile !== undefined || gridSteady !== undefined) {
    run.sim.steady(run.cellPower(trace.rows));
    const cells = run.sim.cellTemperatures(run.cells);
    if (steadyFile !== undefined)
      writeTextFile(resolvePath(io.cwd, steadyFile), formatSteadyFile(run.allBlockTemperatures(cells)));
    if (gridSteady !== undefined)
      writeTextFile(resolvePath(io.cwd, gridSteady), formatGridLayers(run.layerViews(cells)));
  }
}

/** A model + power-column mapping + simulator, with HotSpot's output conventions. */
export class HotspotRun {
  readonly model: GridModel;
  readonly columns: readonly PowerColumn[];
  readonly mapMode: GridMapMode;
  readonly sim: ThermalSimulator;
  readonly names: string[][];
  readonly cells: Float64Array;
  private readonly M: number;
  private readonly blockPower: Float64Array[];
  private readonly power: Float64Array;
  private readonly blockBuf: Float64Array[];
  private readonly columnLayers: readonly number[];
  private readonly columnLayer: Int32Array;
  private readonly columnBlock: Int32Array;
  private readonly columnOut: Float64Array;

  constructor(
    model: GridModel,
    columns: readonly PowerColumn[],
    mapMode: GridMapMode,
    lcfMode: boolean,
    options: ThermalSimulatorOptions = {},
  ) {
    this.model = model;
    this.columns = columns;
    this.mapMode = mapMode;
    this.sim = new ThermalSimulator(model, options);
    this.names = hotspotBlockNames(model, lcfMode);
    this.M = model.rows * model.cols;
    this.cells = new Float64Array(model.layers.length * this.M);
    this.power = new Float64Array(model.layers.length * this.M);
    this.blockPower = model.layers.map((l) => new Float64Array(l.map.blockCount));
    this.blockBuf = model.layers.map((l) => new Float64Array(l.map.blockCount));
    this.columnLayers = [...new Set(columns.map((c) => c.layer))];
    this.columnLayer = Int32Array.from(columns, (c) => c.layer);
    this.columnBlock = Int32Array.from(columns, (c) => c.block);
    this.columnOut = new Float64Array(columns.length);
  }

  /** Cell powers of the mean of the given trace rows (one row = that row). */
  cellPower(rows: readonly Float64Array[]): Float64Array {
    for (const b of this.blockPower) b.fill(0);
    const inv = 1 / rows.length;
    for (const row of rows) {
      this.columns.forEach((c, i) => {
        const bp = this.blockPower[c.layer] as Float64Array;
        bp[c.block] = (bp[c.block] as number) + (row[i] as number) * inv;
      });
    }
    this.power.fill(0);
    this.model.layers.forEach((l, n) =>
      spreadBlockPower(l.map, this.blockPower[n] as Float64Array, 0, this.power, n * this.M),
    );
    return this.power;
  }

  /** Initial state from a `.steady`/init map (HotSpot -init_file semantics). */
  setFromBlockTemperatures(t: ReadonlyMap<string, number>): void {
    const cells = new Float64Array(this.model.layers.length * this.M);
    this.model.layers.forEach((l, n) => {
      const names = this.names[n] as string[];
      const vals = names.map((nm) => {
        const v = t.get(nm);
        if (v === undefined) throw new ThermalError('THERMAL_FORMAT', `init file has no temperature for ${nm}`);
        return v;
      });
      cellsFromBlocks(l.map, vals, this.M, this.model.ambientK, cells, n * this.M);
    });
    const per = this.model.periphery;
    const pk = per?.nodeNames.map((nm) => {
      const v = t.get(nm);
      if (v === undefined) throw new ThermalError('THERMAL_FORMAT', `init file has no temperature for ${nm}`);
      return v;
    });
    this.sim.setCellTemperatures(cells, pk);
  }

  private blocksOfLayer(cells: Float64Array, n: number): Float64Array {
    const l = this.model.layers[n];
    const out = this.blockBuf[n] as Float64Array;
    if (l !== undefined) blockTemperatures(l.map, this.mapMode, cells, n * this.M, out, 0);
    return out;
  }

  /** Block temperatures in power-trace column order (the `-o` row; a buffer reused by the next call). */
  powerColumnTemperatures(cells: Float64Array): Float64Array {
    for (const l of this.columnLayers) this.blocksOfLayer(cells, l);
    const out = this.columnOut,
      cl = this.columnLayer,
      cb = this.columnBlock,
      bufs = this.blockBuf;
    for (let i = 0; i < out.length; i++) out[i] = (bufs[cl[i] as number] as Float64Array)[cb[i] as number] as number;
    return out;
  }

  /** Every block of every grid layer plus `inode_*`, in `.steady` order. */
  allBlockTemperatures(cells: Float64Array): { names: string[]; valuesK: Float64Array } {
    const names: string[] = [];
    const vals: number[] = [];
    this.model.layers.forEach((_, n) => {
      const b = this.blocksOfLayer(cells, n);
      (this.names[n] as string[]).forEach((nm, i) => {
        names.push(nm);
        vals.push(b[i] as number);
      });
    });
    const per = this.model.periphery;
    if (per !== undefined) {
      const pt = this.sim.peripheryTemperatures();
      per.nodeNames.forEach((nm, i) => {
        names.push(nm);
        vals.push(pt[i] as number);
      });
    }
    return { names, valuesK: Float64Array.from(vals) };
  }

  /** Per-layer views of a cell vector. */
  layerViews(cells: Float64Array): Float64Array[] {
    return this.model.layers.map((_, n) => cells.subarray(n * this.M, (n + 1) * this.M));
  }
}
