/**
 * Sweep file (apps/sweeper): base configs, axes `path.in.config: [values]`
 * combined as a grid (cartesian product) or zipped (i-th values together),
 * scenarios, and repeats with seeds (each repeat sets `workload.routing.seed`).
 * Paths of `base` are relative to the sweep file; the app resolves them and
 * fills missing ones with the shipped default configs.
 */
import { z } from 'zod';
import { InputValidationError } from '../errors.js';
import { BuiltinScenarioSchema, SCENARIOS } from '../records/metrics-row.js';
import { zodIssues } from './load.js';
import { parseSourceText } from './source-text.js';

/** A sweep name is a folder name: sweeps/<name>/. */
export const SWEEP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `arch.`, `workload.` or `tas.` then dotted keys (array indices as numbers), e.g. `tas.tacs.thresholds.Thot`. */
export const SWEEP_AXIS_PATH_PATTERN = /^(arch|workload|tas)(\.[A-Za-z0-9_]+)+$/;

/** The seed axis that repeats set; an axis on it and `seeds` would fight. */
export const SWEEP_SEED_PATH = 'workload.routing.seed';

export const SWEEP_COMBINE_MODES = ['grid', 'zip'] as const;

const AxisValuesSchema = z.array(z.json()).min(1, 'an axis needs at least one value');

export const SweepSpecSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SWEEP_NAME_PATTERN, 'a folder name: letters, digits, ".", "_" or "-", not starting with "." or "-"'),
    description: z.string().optional(),
    base: z
      .strictObject({
        arch: z.string().min(1).optional().describe('arch config, relative to the sweep file'),
        workload: z.string().min(1).optional().describe('workload config, relative to the sweep file'),
        tas: z.string().min(1).optional().describe('TAPS/TACS params, relative to the sweep file'),
      })
      .default({}),
    axes: z
      .record(
        z
          .string()
          .regex(SWEEP_AXIS_PATH_PATTERN, 'an axis path starts with arch., workload. or tas. followed by dotted keys'),
        AxisValuesSchema,
      )
      .default({}),
    combine: z.enum(SWEEP_COMBINE_MODES).default('grid'),
    scenarios: z
      .array(BuiltinScenarioSchema)
      .min(1)
      .default([...SCENARIOS]),
    repeats: z.number().int().positive().default(1),
    seeds: z
      .array(z.number().int())
      .min(1)
      .optional()
      .describe('routing.seed of each repeat (default: the base seed + repeat index)'),
  })
  .superRefine((spec, ctx) => {
    const axes = Object.entries(spec.axes);
    if (spec.combine === 'zip' && axes.length > 1) {
      const n = axes[0]?.[1].length ?? 0;
      for (const [p, values] of axes) {
        if (values.length !== n) {
          ctx.addIssue({
            code: 'custom',
            path: ['axes', p],
            message: `zipped axes need equal lengths: ${values.length} values here, ${n} on the first axis`,
          });
        }
      }
    }
    for (const [p, values] of axes) {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        const key = JSON.stringify(v);
        if (spec.combine === 'grid' && seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['axes', p, i],
            message: `duplicate value ${key} (a grid would run the same point twice)`,
          });
        }
        seen.add(key);
      });
    }
    if (spec.seeds !== undefined && spec.seeds.length !== spec.repeats) {
      ctx.addIssue({
        code: 'custom',
        path: ['seeds'],
        message: `one seed per repeat: ${spec.seeds.length} seeds for ${spec.repeats} repeats`,
      });
    }
    if (spec.seeds !== undefined && new Set(spec.seeds).size !== spec.seeds.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['seeds'],
        message: 'seeds must differ (equal seeds repeat the same point)',
      });
    }
    if (SWEEP_SEED_PATH in spec.axes && (spec.repeats > 1 || spec.seeds !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['axes', SWEEP_SEED_PATH],
        message: 'the seed is an axis here, so repeats/seeds cannot also set it',
      });
    }
    if (new Set(spec.scenarios).size !== spec.scenarios.length) {
      ctx.addIssue({ code: 'custom', path: ['scenarios'], message: 'a scenario is listed twice' });
    }
  });

export type SweepSpecInput = z.input<typeof SweepSpecSchema>;
export type SweepSpec = z.output<typeof SweepSpecSchema>;

/** Parse and validate a sweep file's text; one issue per problem (file, field path, what was expected). */
export function parseSweepText(text: string, file = '<input>'): SweepSpec {
  const src = parseSourceText(text, file);
  const parsed = SweepSpecSchema.safeParse(src.value ?? {});
  if (!parsed.success)
    throw new InputValidationError('CONFIG_INVALID', zodIssues(file, parsed.error, src), { cause: parsed.error });
  return parsed.data;
}
