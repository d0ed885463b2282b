/**
 * `run-all.json`: what was run (workload, scenarios, mesh, window) and the
 * resolved configs. Validated loosely (extra keys kept) so reports of older and
 * newer runs still build; the few config values the figures use are read
 * defensively and simply left out when a run did not record them.
 */
import { z } from 'zod';
import { ScenarioSchema, type MoeShape, type Scenario } from '@tasmoe/schemas';
import { MetricsError } from '../errors.js';

const PositiveInt = z.number().int().positive();

export const RunManifestSchema = z.looseObject({
  workload: z.string().min(1),
  scenarios: z.array(ScenarioSchema).min(1),
  mesh: z.looseObject({ cols: PositiveInt, rows: PositiveInt }),
  dram_layers: z.number().int().nonnegative(),
  window_ms: z.number().positive(),
  configs: z.record(z.string(), z.unknown()).optional(),
  created: z.string().optional(),
});

/** What the report needs from the run, whether it came from run-all.json or was discovered. */
export interface RunManifest {
  readonly workload: string;
  readonly scenarios: readonly Scenario[];
  readonly mesh: { readonly cols: number; readonly rows: number };
  readonly dramLayers: number;
  readonly windowMs: number;
  readonly created: string | undefined;
  /** Where the description came from: the manifest file, or the folder's contents (no run-all.json). */
  readonly source: 'run-all.json' | 'discovered';
  readonly details: RunDetails;
}

/** Config values the figures annotate with, when the run recorded them. */
export interface RunDetails {
  readonly moe?: MoeShape;
  /** DVFS trip points of the first domain, °C. */
  readonly tripC?: readonly number[];
  readonly ambientC?: number;
  /** TACS hot / emergency thresholds, °C. */
  readonly thotC?: number;
  readonly temgC?: number;
  /** The resolved configs as recorded, for the report's appendix. */
  readonly configs?: Readonly<Record<string, unknown>>;
  /** How the DRAM temperatures were resolved: thermal grid cells against banks per die. */
  readonly dramResolution?: DramResolution;
}

export interface DramResolution {
  /** Thermal grid [rows, cols] and banks per die [x, y]. */
  readonly grid: readonly [number, number];
  readonly banks: readonly [number, number];
  /** thermal.sub_cell_banks: bank temperatures at bank resolution on the coarser grid. */
  readonly subCellBanks: boolean;
  /** thermal.backend (absent: embedded); the correction is the embedded back end's. */
  readonly backend?: string;
}

const MoeSchema = z.looseObject({
  layers: PositiveInt,
  experts_per_layer: PositiveInt,
  shared_experts: z.number().int().nonnegative().default(0),
});
const DetailsSchema = z.looseObject({
  arch: z
    .looseObject({
      dvfs: z
        .looseObject({ domains: z.array(z.looseObject({ trip_c: z.array(z.number()).optional() })).optional() })
        .optional(),
      thermal: z
        .looseObject({
          ambient_c: z.number().optional(),
          grid: z.tuple([PositiveInt, PositiveInt]).optional(),
          sub_cell_banks: z.boolean().optional(),
          backend: z.string().optional(),
        })
        .optional(),
      dram: z.looseObject({ banks: z.array(PositiveInt).optional() }).optional(),
    })
    .optional(),
  workload: z.looseObject({ moe: MoeSchema.optional() }).optional(),
  tas: z
    .looseObject({
      tacs: z
        .looseObject({
          thresholds: z.looseObject({ Thot: z.number().optional(), Temg: z.number().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

export function runDetails(configs: Readonly<Record<string, unknown>> | undefined): RunDetails {
  if (configs === undefined) return {};
  const parsed = DetailsSchema.safeParse(configs);
  if (!parsed.success) return { configs };
  const c = parsed.data;
  const tripC = c.arch?.dvfs?.domains?.[0]?.trip_c;
  const ambientC = c.arch?.thermal?.ambient_c;
  const moe = c.workload?.moe;
  const thot = c.tas?.tacs?.thresholds?.Thot;
  const temg = c.tas?.tacs?.thresholds?.Temg;
  const grid = c.arch?.thermal?.grid;
  const banks = c.arch?.dram?.banks;
  const dramResolution =
    grid === undefined || banks?.[0] === undefined || banks[1] === undefined
      ? undefined
      : {
          grid,
          banks: [banks[0], banks[1]] as const,
          subCellBanks: c.arch?.thermal?.sub_cell_banks === true,
          ...(c.arch?.thermal?.backend === undefined ? {} : { backend: c.arch.thermal.backend }),
        };
  return {
    configs,
    ...(moe === undefined
      ? {}
      : { moe: { layers: moe.layers, experts_per_layer: moe.experts_per_layer, shared_experts: moe.shared_experts } }),
    ...(tripC === undefined ? {} : { tripC }),
    ...(ambientC === undefined ? {} : { ambientC }),
    ...(thot === undefined ? {} : { thotC: thot }),
    ...(temg === undefined ? {} : { temgC: temg }),
    ...(dramResolution === undefined ? {} : { dramResolution }),
  };
}

/** Parse run-all.json text; `file` names it in errors. */
export function parseRunManifest(text: string, file: string): RunManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: not valid JSON (${(err as Error).message})`, {
      file,
      cause: err,
    });
  }
  const r = RunManifestSchema.safeParse(json);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`).join('; ');
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: ${what}`, { file, cause: r.error });
  }
  const m = r.data;
  return {
    workload: m.workload,
    scenarios: [...new Set(m.scenarios)],
    mesh: { cols: m.mesh.cols, rows: m.mesh.rows },
    dramLayers: m.dram_layers,
    windowMs: m.window_ms,
    created: m.created,
    source: 'run-all.json',
    details: runDetails(m.configs),
  };
}
