/**
 * HotSpot 7.0 command-line options understood by the HotSpot-compatible
 * command: names, defaults (HotSpot's built-in values) and validation. Options
 * outside this table, and features that are switched on but not implemented,
 * are refused by name (THERMAL_OPTION_UNSUPPORTED) — never silently ignored.
 */
import { ThermalError, ThermalOptionUnsupportedError } from '../errors.js';
import { isNumberToken } from './text.js';

type Kind = 'number' | 'positive' | 'int' | 'path' | 'enum';

interface OptionSpec {
  readonly kind: Kind;
  /** HotSpot's built-in default (undefined = none). */
  readonly def?: string;
  readonly values?: readonly string[];
  /** Only these values are implemented (a feature switch that must stay off). */
  readonly onlyValues?: readonly string[];
  /** Accepted, but HotSpot itself ignores it in every configuration we support. */
  readonly inert?: string;
  readonly doc: string;
}

export const HOTSPOT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  p: { kind: 'path', doc: 'power trace file (required)' },
  f: { kind: 'path', doc: 'floorplan file (single-layer chip; ignored with -grid_layer_file)' },
  o: { kind: 'path', doc: 'block transient trace output (enables the transient run)' },
  c: { kind: 'path', doc: 'config file of -name value lines' },
  d: { kind: 'path', doc: 'dump the effective option set to this file' },
  steady_file: { kind: 'path', doc: 'block-level steady-state output' },
  grid_steady_file: { kind: 'path', doc: 'grid-cell steady-state output (all layers)' },
  grid_transient_file: { kind: 'path', doc: 'grid-cell temperatures appended after every interval' },
  init_file: { kind: 'path', doc: 'initial temperatures (.steady format) for the transient' },
  all_transient_file: {
    kind: 'path',
    doc: 'CoMeT extension: every block of every layer and inode_* at the end of the transient, in the init-file (.steady) format',
  },
  grid_layer_file: { kind: 'path', doc: 'layer configuration file (3D stack)' },
  model_type: {
    kind: 'enum',
    def: 'block',
    values: ['block', 'grid'],
    onlyValues: ['grid'],
    doc: 'thermal model (only grid is implemented)',
  },
  grid_rows: { kind: 'int', def: '64', doc: 'grid rows' },
  grid_cols: { kind: 'int', def: '64', doc: 'grid columns' },
  grid_map_mode: { kind: 'enum', def: 'center', values: ['avg', 'min', 'max', 'center'], doc: 'grid -> block mapping' },
  ambient: { kind: 'number', def: '318.15', doc: 'ambient temperature, K' },
  init_temp: { kind: 'number', def: '333.15', doc: 'initial temperature without -init_file, K' },
  sampling_intvl: { kind: 'positive', def: '3.333e-06', doc: 'duration of one power-trace row, s' },
  r_convec: { kind: 'positive', def: '0.1', doc: 'sink-to-ambient convection resistance, K/W' },
  c_convec: { kind: 'number', def: '140.4', doc: 'convection capacitance, J/K' },
  s_sink: { kind: 'positive', def: '0.06', doc: 'heat-sink side, m' },
  t_sink: { kind: 'positive', def: '0.0069', doc: 'heat-sink base thickness, m' },
  k_sink: { kind: 'positive', def: '400.0', doc: 'heat-sink conductivity, W/(m K)' },
  p_sink: { kind: 'positive', def: '3550000.0', doc: 'heat-sink volumetric heat capacity, J/(m^3 K)' },
  s_spreader: { kind: 'positive', def: '0.03', doc: 'spreader side, m' },
  t_spreader: { kind: 'positive', def: '0.001', doc: 'spreader thickness, m' },
  k_spreader: { kind: 'positive', def: '400.0', doc: 'spreader conductivity, W/(m K)' },
  p_spreader: { kind: 'positive', def: '3550000.0', doc: 'spreader volumetric heat capacity, J/(m^3 K)' },
  t_chip: { kind: 'positive', def: '0.00015', doc: 'chip thickness (-f mode), m' },
  k_chip: { kind: 'positive', def: '100.0', doc: 'chip conductivity (-f mode)' },
  p_chip: { kind: 'positive', def: '1750000.0', doc: 'chip volumetric heat capacity (-f mode)' },
  t_interface: { kind: 'positive', def: '2e-05', doc: 'interface material thickness (-f mode), m' },
  k_interface: { kind: 'positive', def: '4.0', doc: 'interface material conductivity (-f mode)' },
  p_interface: { kind: 'positive', def: '4000000.0', doc: 'interface material heat capacity (-f mode)' },
  model_secondary: {
    kind: 'enum',
    def: '0',
    values: ['0', '1'],
    onlyValues: ['0'],
    doc: 'secondary heat path (not implemented)',
  },
  leakage_used: {
    kind: 'enum',
    def: '0',
    values: ['0', '1'],
    onlyValues: ['0'],
    doc: 'leakage loop (not implemented)',
  },
  package_model_used: {
    kind: 'enum',
    def: '0',
    values: ['0', '1'],
    onlyValues: ['0'],
    doc: 'detailed package model (not implemented)',
  },
  dtm_used: {
    kind: 'enum',
    def: '0',
    values: ['0', '1'],
    onlyValues: ['0'],
    doc: 'dynamic thermal management (not implemented)',
  },
  detailed_3D: {
    kind: 'enum',
    def: 'off',
    values: ['on', 'off'],
    onlyValues: ['off'],
    doc: 'per-block materials in 3D (not implemented)',
  },
  block_omit_lat: {
    kind: 'enum',
    def: '0',
    values: ['0', '1'],
    onlyValues: ['0'],
    doc: 'block model only (not implemented)',
  },
  thermal_threshold: { kind: 'number', def: '354.95', inert: 'used only by DTM', doc: 'DTM trigger temperature, K' },
  base_proc_freq: { kind: 'number', def: '3000000000.0', inert: 'used only by DTM', doc: 'processor clock, Hz' },
};

/** Options that may only appear on the command line, not in a -c file (HotSpot's global options). */
export const COMMAND_LINE_ONLY: ReadonlySet<string> = new Set(['c', 'd', 'p', 'o', 'f']);

export type HotspotOptions = ReadonlyMap<string, string>;

/** Splits argv into `-name value` pairs (names without the dash). */
export function argvPairs(argv: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const n = argv[i] ?? '';
    if (!n.startsWith('-') || n.length < 2) {
      throw new ThermalError(
        'THERMAL_OPTION_INVALID',
        `expected an option name starting with "-", got ${JSON.stringify(n)} (arguments are -name value pairs)`,
      );
    }
    const v = argv[i + 1];
    if (v === undefined) throw new ThermalError('THERMAL_OPTION_INVALID', `option ${n} has no value`);
    out.push([n.slice(1), v]);
  }
  return out;
}

/** Checks one option against the table; throws a typed error naming it. */
export function checkOption(name: string, value: string, fromConfigFile = false): void {
  const spec = HOTSPOT_OPTIONS[name];
  if (spec === undefined) {
    throw new ThermalOptionUnsupportedError(
      name,
      `option -${name} is not supported by this HotSpot-compatible solver (unknown or not implemented)`,
    );
  }
  if (fromConfigFile && COMMAND_LINE_ONLY.has(name)) {
    throw new ThermalError('THERMAL_OPTION_INVALID', `option -${name} is only allowed on the command line`);
  }
  switch (spec.kind) {
    case 'number':
    case 'positive':
      if (!isNumberToken(value) || (spec.kind === 'positive' && !(Number(value) > 0))) {
        throw new ThermalError(
          'THERMAL_OPTION_INVALID',
          `option -${name} needs a ${spec.kind === 'positive' ? 'positive ' : ''}number, got ${JSON.stringify(value)}`,
        );
      }
      break;
    case 'int':
      if (!/^\d+$/.test(value) || Number(value) < 1)
        throw new ThermalError(
          'THERMAL_OPTION_INVALID',
          `option -${name} needs a positive integer, got ${JSON.stringify(value)}`,
        );
      break;
    case 'enum':
      if (!(spec.values ?? []).includes(value)) {
        throw new ThermalError(
          'THERMAL_OPTION_INVALID',
          `option -${name} must be one of ${(spec.values ?? []).join(', ')}, got ${JSON.stringify(value)}`,
        );
      }
      break;
    case 'path':
      if (value.length === 0) throw new ThermalError('THERMAL_OPTION_INVALID', `option -${name} needs a file name`);
      break;
  }
  if (spec.onlyValues !== undefined && !spec.onlyValues.includes(value)) {
    throw new ThermalOptionUnsupportedError(
      name,
      `option -${name} ${value} is not supported by this HotSpot-compatible solver (${spec.doc}; supported: ${spec.onlyValues.join(', ')})`,
    );
  }
}

/**
 * Effective options: HotSpot defaults, then config-file pairs, then
 * command-line pairs (command line wins). Every pair is checked.
 */
export function mergeOptions(
  configPairs: readonly (readonly [string, string])[],
  commandPairs: readonly (readonly [string, string])[],
): Map<string, string> {
  const eff = new Map<string, string>();
  for (const [n, s] of Object.entries(HOTSPOT_OPTIONS)) if (s.def !== undefined) eff.set(n, s.def);
  for (const [n, v] of configPairs) {
    checkOption(n, v, true);
    eff.set(n, v);
  }
  for (const [n, v] of commandPairs) {
    checkOption(n, v);
    eff.set(n, v);
  }
  return eff;
}

export function numberOption(o: HotspotOptions, name: string): number {
  const v = o.get(name);
  if (v === undefined) throw new ThermalError('THERMAL_OPTION_INVALID', `option -${name} is required`);
  return Number(v);
}
