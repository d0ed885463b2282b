/**
 * The "hotspot-file" thermal back end (SPEC section 5, file mode): writes the
 * project's stack in HotSpot's formats into a private run folder and runs an
 * external HotSpot-compatible binary once per call, chaining each window's end
 * state into the next run's `-init_file`.
 *
 * Per call: steady -> `-p steady.ptrace -steady_file steady.out
 * -grid_steady_file steady.grid`; step -> `-p window.ptrace -o window.ttrace
 * -sampling_intvl dt -grid_transient_file window.grid [-init_file state.init]`.
 * The end state becomes `state.init`:
 * - endState "grid-transient" (stock HotSpot 7.0): block means of every grid
 *   layer from the last grid frame, plus the 12 package nodes integrated over
 *   the window (periphery-integration.ts), since HotSpot dumps no inode values
 *   after a transient; written with 6 decimals;
 * - endState "all-transient" (CoMeT's modified HotSpot): the binary's own
 *   `-all_transient_file` (every block and inode, init-file format).
 * HotSpot's init-file semantics (FORMATS.md section 7.6): every cell restarts
 * at its block's mean, so within-block gradients are rebuilt each window.
 *
 * Failures (binary missing, non-zero exit, timeout, missing/unparsable output)
 * throw HotspotFileError naming the command and the file; `log` receives the
 * command line of every run, the binary's stderr when it wrote any, and the
 * failure with the stderr tail. After a failure the run folder is kept (and
 * named in the log) so the files the error names can be read.
 *
 * Before the first run the stack is checked against what the binary reads
 * (stock HotSpot 7.0: at most MAX_UNITS = 8192 blocks per file, flp.h; lines
 * of at most LINE_SIZE = 65536 characters, util.h); a stack over either is
 * refused (HOTSPOT_LIMITS) naming the constant to raise.
 */
import type { ThermalBackend, ThermalSnapshot, ThermalStackLayout } from '@tasmoe/schemas';
import { CometAdapterError, HotspotFileError } from '../errors.js';
import {
  CONFIG_FILE,
  argvPairs,
  blockTemperatures,
  buildGridModel,
  formatArchPowerTrace,
  hotspotBlockNames,
  hotspotInputsForArch,
  integratePeriphery,
  parseGridSteady,
  parseGridTransient,
  parseSteadyFile,
  parseTrace,
  steadyToMap,
  type ArchStackOptions,
  type GridModel,
  type HotspotInputs,
  type HotspotOptionPreset,
  type ThermalArch,
} from '@tasmoe/thermal';
import {
  createRunFolder,
  readRunFile,
  removeRunFile,
  removeRunFolder,
  renameRunFile,
  resolveExecutable,
  runBinary,
  writeRunFile,
} from './run-folder-io.js';

export type HotspotEndState = 'grid-transient' | 'all-transient';

export interface HotspotFileBackendOptions {
  /** Binary path or name on PATH; default `arch.thermal.hotspot.binary`, then env TASMOE_HOTSPOT. */
  readonly binary?: string;
  /** Environment for the TASMOE_HOTSPOT / PATH lookup and the child process (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra arguments after the preset (default `arch.thermal.hotspot.extra_args`). */
  readonly extraArgs?: readonly string[];
  /** Per-run timeout, s (default `arch.thermal.hotspot.timeout_s`). */
  readonly timeoutS?: number;
  /** Option preset (default `arch.thermal.hotspot.preset`, else "hotspot7"). */
  readonly preset?: HotspotOptionPreset;
  /** How the end state of a window is obtained (default `arch.thermal.hotspot.end_state`, else "grid-transient"; "all-transient" for preset "comet"). */
  readonly endState?: HotspotEndState;
  /** Parent of the private run folder (default the OS temp folder). */
  readonly tempRoot?: string;
  /** Keep the run folder on dispose() (default `arch.thermal.hotspot.keep_run_folder`, else false). */
  readonly keepFolder?: boolean;
  /** What the binary reads (default `arch.thermal.hotspot.max_units` / `line_size`, else stock HotSpot 7.0's). */
  readonly limits?: HotspotReadLimits;
  /** Receives one line per run (the command) and per failure (e.g. the runner's run.log). */
  readonly log?: (line: string) => void;
  readonly stack?: ArchStackOptions;
  readonly grid?: readonly [number, number];
}

const STATE_FILE = 'state.init';

/** What a HotSpot binary reads: blocks per file (MAX_UNITS, flp.h) and characters per line (LINE_SIZE, util.h). */
export interface HotspotReadLimits {
  readonly maxUnits: number;
  readonly lineSize: number;
}

/** Stock HotSpot 7.0 (uvahotspot/HotSpot flp.h, util.h). */
export const STOCK_HOTSPOT_LIMITS: HotspotReadLimits = { maxUnits: 8192, lineSize: 65536 };

/** Longest text of one power value as formatArchPowerTrace writes it (String(number): e.g. "0.0030000000000000001"). */
const MAX_VALUE_CHARS = 24;
const TAIL_LINES = 20;

function tail(text: string): string {
  const lines = text.trimEnd().split(/\r?\n/);
  return lines.slice(-TAIL_LINES).join('\n');
}

export class HotspotFileBackend implements ThermalBackend {
  readonly name = 'hotspot-file';
  readonly layout: ThermalStackLayout;
  readonly inputs: HotspotInputs;
  /** Run folder (private to this back end; removed by dispose()). */
  readonly folder: string;
  readonly binary: string;
  readonly endState: HotspotEndState;
  /** The same stack as a grid model: block maps, output names and the package periphery. */
  readonly model: GridModel;
  private readonly extraArgs: readonly string[];
  private readonly timeoutMs: number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: (line: string) => void;
  private readonly keepFolder: boolean;
  private readonly limits: HotspotReadLimits;
  private failed = false;
  private readonly M: number;
  private readonly names: string[][];
  /** Current state: an init file in the folder, or a uniform temperature. */
  private hasInitFile = false;
  private uniformK: number;
  /** Grid cells (per grid layer) and periphery of the current state (grid-transient mode). */
  private cells: Float64Array[];
  private peripheryK: Float64Array;
  private timeS = 0;
  private runs = 0;
  private disposed = false;

  constructor(arch: ThermalArch, opts: HotspotFileBackendOptions = {}) {
    const env = opts.env ?? process.env;
    this.env = env;
    this.log = opts.log ?? (() => undefined);
    const configured = opts.binary ?? arch.thermal.hotspot.binary ?? env.TASMOE_HOTSPOT;
    const hs = arch.thermal.hotspot as typeof arch.thermal.hotspot & {
      preset?: HotspotOptionPreset;
      end_state?: HotspotEndState;
      keep_run_folder?: boolean;
      max_units?: number;
      line_size?: number;
    };
    const preset = opts.preset ?? hs.preset ?? 'hotspot7';
    this.endState = opts.endState ?? hs.end_state ?? (preset === 'comet' ? 'all-transient' : 'grid-transient');
    this.limits = opts.limits ?? {
      maxUnits: hs.max_units ?? STOCK_HOTSPOT_LIMITS.maxUnits,
      lineSize: hs.line_size ?? STOCK_HOTSPOT_LIMITS.lineSize,
    };
    if (configured === undefined || configured === '') {
      throw new HotspotFileError(
        'HOTSPOT_BINARY_MISSING',
        'no HotSpot-compatible binary configured: set thermal.hotspot.binary in the arch config or the TASMOE_HOTSPOT environment variable',
        { command: ['<unset>'] },
      );
    }
    const resolved = resolveExecutable(configured, env);
    if (resolved === undefined) {
      throw new HotspotFileError(
        'HOTSPOT_BINARY_MISSING',
        `HotSpot-compatible binary ${configured} not found or not executable`,
        { command: [configured], file: configured },
      );
    }
    this.binary = resolved;
    this.extraArgs = opts.extraArgs ?? arch.thermal.hotspot.extra_args;
    argvPairs(this.extraArgs); // fail early on malformed extra args
    this.timeoutMs = 1000 * (opts.timeoutS ?? arch.thermal.hotspot.timeout_s);
    this.keepFolder = opts.keepFolder ?? hs.keep_run_folder ?? false;
    const grid = opts.grid ?? arch.thermal.grid;
    this.inputs = hotspotInputsForArch(arch, {
      ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
      grid,
      preset,
    });
    this.checkLimits();
    this.layout = this.inputs.layout;
    this.model = buildGridModel(this.inputs.stack, { rows: grid[0], cols: grid[1] });
    this.M = this.model.rows * this.model.cols;
    this.names = hotspotBlockNames(this.model, true);
    this.uniformK = this.model.ambientK;
    this.cells = this.model.layers.map(() => new Float64Array(this.M).fill(this.uniformK));
    this.peripheryK = new Float64Array(this.model.periphery?.nodeNames.length ?? 0).fill(this.uniformK);
    this.folder = createRunFolder(opts.tempRoot);
    try {
      for (const [name, text] of this.inputs.files) writeRunFile(this.folder, name, text);
    } catch (err) {
      removeRunFolder(this.folder);
      throw err;
    }
  }

  /** Refuses a stack the binary cannot read, before anything runs. */
  private checkLimits(): void {
    const { maxUnits, lineSize } = this.limits;
    const columns = this.inputs.columns.length;
    const header = this.inputs.columns.join('\t').length;
    const row = columns * MAX_VALUE_CHARS;
    const over: string[] = [];
    if (columns > maxUnits)
      over.push(
        `its power trace has ${columns} columns (every core and bank), more than the ${maxUnits} blocks the binary reads (MAX_UNITS in HotSpot's flp.h)`,
      );
    if (Math.max(header, row) + 1 >= lineSize) {
      over.push(
        `its power-trace lines are up to ${Math.max(header, row).toLocaleString('en-US')} characters (header ${header.toLocaleString('en-US')}), longer than the ${lineSize} the binary reads (LINE_SIZE in HotSpot's util.h; stock HotSpot prints "line too long")`,
      );
    }
    if (over.length === 0) return;
    throw new HotspotFileError(
      'HOTSPOT_LIMITS',
      `the stack does not fit the HotSpot-compatible binary: ${over.join('; ')}. Raise MAX_UNITS (flp.h) and LINE_SIZE (util.h), rebuild HotSpot and set ` +
        'thermal.hotspot.max_units / thermal.hotspot.line_size to the new values, or use fewer banks (dram.banks)',
      { command: [this.binary] },
    );
  }

  private check(powerW: Float64Array): void {
    if (this.disposed) throw new CometAdapterError('THERMAL_INPUT', 'backend was disposed');
    if (powerW.length !== this.layout.blockCount)
      throw new CometAdapterError(
        'THERMAL_INPUT',
        `expected ${this.layout.blockCount} block powers, got ${powerW.length}`,
      );
    for (let i = 0; i < powerW.length; i++) {
      const p = powerW[i] as number;
      if (!(p >= 0 && p < Infinity))
        throw new CometAdapterError(
          'THERMAL_INPUT',
          `block power ${i} must be a finite non-negative number of watts, got ${p}`,
        );
    }
  }

  /** Runs the binary; throws HotspotFileError on any failure. */
  private run(args: readonly string[]): void {
    const argv = [...args, ...this.extraArgs];
    const command = [this.binary, ...argv];
    this.runs++;
    this.log(`hotspot-file: run ${this.runs} in ${this.folder}: ${command.join(' ')}`);
    const r = runBinary(this.binary, argv, this.folder, this.timeoutMs, this.env);
    let err: HotspotFileError | undefined;
    if (r.timedOut) {
      err = new HotspotFileError(
        'HOTSPOT_TIMEOUT',
        `HotSpot-compatible binary did not finish within ${this.timeoutMs / 1000} s (thermal.hotspot.timeout_s)`,
        { command, stderrTail: tail(r.stderr) },
      );
    } else if (r.spawnError !== undefined) {
      err = new HotspotFileError('HOTSPOT_BINARY_MISSING', `cannot start ${this.binary}: ${r.spawnError.message}`, {
        command,
        cause: r.spawnError,
        file: this.binary,
      });
    } else if (r.status !== 0) {
      const how = r.status === null ? `was killed by ${r.signal ?? 'a signal'}` : `exited with status ${r.status}`;
      err = new HotspotFileError(
        'HOTSPOT_EXIT',
        `HotSpot-compatible binary ${how}${r.stderr.trim() !== '' ? `: ${tail(r.stderr).split('\n').slice(-1)[0] ?? ''}` : ''}`,
        {
          command,
          stderrTail: tail(r.stderr),
          ...(r.status !== null ? { exitStatus: r.status } : {}),
        },
      );
    }
    if (err !== undefined) {
      this.log(`hotspot-file: ${err.code}: ${err.message}`);
      if (err.stderrTail !== '') this.log(`hotspot-file: stderr:\n${err.stderrTail}`);
      throw this.fail(err);
    }
    if (r.stderr.trim() !== '') this.log(`hotspot-file: run ${this.runs} stderr:\n${tail(r.stderr)}`);
  }

  /** Keeps the run folder for inspection after a failure (the error names files in it). */
  private fail(err: HotspotFileError): HotspotFileError {
    if (!this.failed) this.log(`hotspot-file: run folder kept for inspection: ${this.folder}`);
    this.failed = true;
    return err;
  }

  /** Reads and parses an output file of the last run; throws HOTSPOT_OUTPUT naming it. */
  private output<T>(file: string, args: readonly string[], parse: (text: string) => T): T {
    const command = [this.binary, ...args, ...this.extraArgs];
    const text = readRunFile(this.folder, file);
    if (text === undefined) {
      const e = new HotspotFileError('HOTSPOT_OUTPUT', `expected output file ${file} was not written`, {
        command,
        file: `${this.folder}/${file}`,
      });
      this.log(`hotspot-file: ${e.code}: ${e.message}`);
      throw this.fail(e);
    }
    try {
      return parse(text);
    } catch (cause) {
      const e = new HotspotFileError(
        'HOTSPOT_OUTPUT',
        `cannot parse output file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { command, file: `${this.folder}/${file}`, cause },
      );
      this.log(`hotspot-file: ${e.code}: ${e.message}`);
      throw this.fail(e);
    }
  }

  private initArgs(): string[] {
    return this.hasInitFile ? ['-init_file', STATE_FILE] : ['-init_temp', String(this.uniformK)];
  }

  steady(powerW: Float64Array): ThermalSnapshot {
    this.check(powerW);
    writeRunFile(this.folder, 'steady.ptrace', formatArchPowerTrace(this.inputs, [powerW]));
    for (const f of ['steady.out', 'steady.grid']) removeRunFile(this.folder, f);
    const args = [
      '-c',
      CONFIG_FILE,
      '-p',
      'steady.ptrace',
      '-steady_file',
      'steady.out',
      '-grid_steady_file',
      'steady.grid',
    ];
    this.run(args);
    const named = this.output('steady.out', args, (t) => this.checkedNames(steadyToMap(parseSteadyFile(t))));
    const grid = this.output('steady.grid', args, (t) => this.checkedGrid(parseGridSteady(t).layers));
    const blockTempsK = new Float64Array(this.layout.blockCount);
    let b = 0;
    this.layout.layers.forEach((ll, li) => {
      const gl = this.inputs.gridLayerOfLayoutLayer[li] as number;
      for (const bn of ll.blocks) blockTempsK[b++] = named.get(`layer_${gl}_${bn}`) as number;
    });
    renameRunFile(this.folder, 'steady.out', STATE_FILE);
    this.hasInitFile = true;
    this.cells = grid.map((g) => Float64Array.from(g));
    const per = this.model.periphery;
    this.peripheryK = Float64Array.from(per?.nodeNames ?? [], (n) => named.get(n) as number);
    return this.snapshot(blockTempsK, grid);
  }

  reset(temperatureK: number): void {
    if (!Number.isFinite(temperatureK))
      throw new CometAdapterError('THERMAL_INPUT', `temperature must be finite, got ${temperatureK}`);
    this.hasInitFile = false;
    this.uniformK = temperatureK;
    removeRunFile(this.folder, STATE_FILE);
    this.cells = this.model.layers.map(() => new Float64Array(this.M).fill(temperatureK));
    this.peripheryK.fill(temperatureK);
    this.timeS = 0;
  }

  step(powerW: Float64Array, dtS: number): ThermalSnapshot {
    this.check(powerW);
    if (!(dtS > 0) || !Number.isFinite(dtS))
      throw new CometAdapterError('THERMAL_INPUT', `dt must be a positive finite number of seconds, got ${dtS}`);
    writeRunFile(this.folder, 'window.ptrace', formatArchPowerTrace(this.inputs, [powerW]));
    for (const f of ['window.ttrace', 'window.grid', 'window.end']) removeRunFile(this.folder, f);
    const args = [
      '-c',
      CONFIG_FILE,
      '-p',
      'window.ptrace',
      '-o',
      'window.ttrace',
      '-sampling_intvl',
      String(dtS),
      '-grid_transient_file',
      'window.grid',
      ...this.initArgs(),
    ];
    if (this.endState === 'all-transient') args.push('-all_transient_file', 'window.end');
    this.run(args);
    const trace = this.output('window.ttrace', args, (t) => {
      const tr = parseTrace(t);
      if (tr.names.length !== this.inputs.columns.length || tr.names.some((n, i) => n !== this.inputs.columns[i]))
        throw new Error('header differs from the power-trace columns');
      const last = tr.rows[tr.rows.length - 1];
      if (last === undefined) throw new Error('no temperature row');
      for (const v of last) if (!Number.isFinite(v)) throw new Error('non-finite temperature');
      return last;
    });
    const grid = this.output('window.grid', args, (t) => {
      const frames = parseGridTransient(t);
      const lastFrame = frames[frames.length - 1];
      if (lastFrame === undefined) throw new Error('no grid frame');
      return this.checkedGrid(lastFrame.layers);
    });
    const blockTempsK = new Float64Array(this.layout.blockCount);
    const col = this.inputs.columnOfBlock;
    for (let b = 0; b < blockTempsK.length; b++) blockTempsK[b] = trace[col[b] as number] as number;

    if (this.endState === 'all-transient') {
      this.output('window.end', args, (t) => this.checkedNames(steadyToMap(parseSteadyFile(t))));
      renameRunFile(this.folder, 'window.end', STATE_FILE);
    } else {
      this.peripheryK = integratePeriphery(this.model, this.cells, grid, this.peripheryK, dtS);
      writeRunFile(this.folder, STATE_FILE, this.initFileText(grid, this.peripheryK));
    }
    this.hasInitFile = true;
    this.cells = grid.map((g) => Float64Array.from(g));
    this.timeS += dtS;
    return this.snapshot(blockTempsK, grid);
  }

  /** Init-file text (every block of every grid layer = mean of its cells, then inode_*), 6 decimals. */
  private initFileText(grid: readonly Float64Array[], peripheryK: Float64Array): string {
    const parts: string[] = [];
    this.model.layers.forEach((layer, n) => {
      const out = new Float64Array(layer.map.blockCount);
      blockTemperatures(layer.map, 'avg', grid[n] as Float64Array, 0, out, 0);
      (this.names[n] as string[]).forEach((nm, i) => parts.push(`${nm}\t${(out[i] as number).toFixed(6)}\n`));
    });
    this.model.periphery?.nodeNames.forEach((nm, i) => parts.push(`${nm}\t${(peripheryK[i] as number).toFixed(6)}\n`));
    return parts.join('');
  }

  private checkedNames(m: Map<string, number>): Map<string, number> {
    this.names.forEach((layer) => {
      for (const nm of layer) if (!Number.isFinite(m.get(nm))) throw new Error(`no finite temperature for ${nm}`);
    });
    for (const nm of this.model.periphery?.nodeNames ?? [])
      if (!Number.isFinite(m.get(nm))) throw new Error(`no finite temperature for ${nm}`);
    return m;
  }

  private checkedGrid(layers: readonly Float64Array[]): Float64Array[] {
    if (layers.length !== this.model.layers.length)
      throw new Error(`expected ${this.model.layers.length} grid layers, got ${layers.length}`);
    for (const l of layers) {
      if (l.length !== this.M) throw new Error(`expected ${this.M} cells per layer, got ${l.length}`);
      for (const v of l) if (!Number.isFinite(v)) throw new Error('non-finite grid temperature');
    }
    return [...layers];
  }

  private snapshot(blockTempsK: Float64Array, grid: readonly Float64Array[]): ThermalSnapshot {
    const nl = this.layout.layers.length;
    const layerPeakK = new Float64Array(nl),
      layerMeanK = new Float64Array(nl);
    this.inputs.gridLayerOfLayoutLayer.forEach((gl, li) => {
      const cells = grid[gl] as Float64Array;
      let mx = -Infinity,
        sum = 0;
      for (const t of cells) {
        if (t > mx) mx = t;
        sum += t;
      }
      layerPeakK[li] = mx;
      layerMeanK[li] = sum / cells.length;
    });
    return { blockTempsK, layerPeakK, layerMeanK, timeS: this.timeS };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.keepFolder && !this.failed) removeRunFolder(this.folder);
  }
}
