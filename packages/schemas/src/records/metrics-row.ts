/** The unified metrics row, seed section 3.6: the ten seed columns in order, extras after. */
import { z } from 'zod';

export const METRICS_COLUMNS = [
  'scenario',
  'workload',
  'T_peak_logic',
  'T_peak_dram',
  'T_avg',
  'ips',
  'lat_ms',
  'bw_util',
  'refresh_mhz',
  'noc_load',
] as const;

/** The seed's four scenarios: what run-all runs when no list is given. */
export const SCENARIOS = ['baseline', 'taps', 'tacs', 'tas'] as const;
/** Every scenario the tool ships (policy/builtin-scenarios.ts says what each one is). */
export const BUILTIN_SCENARIOS = [...SCENARIOS, 'eplb', 'eplb-tacs'] as const;
export type BuiltinScenario = (typeof BUILTIN_SCENARIOS)[number];
export const BuiltinScenarioSchema = z.enum(BUILTIN_SCENARIOS);

/**
 * A scenario name: a built-in one or a policy's (loaded with --policy). Lower-case words joined by
 * single hyphens, so a name is a safe folder name and reads the same in a CSV, a URL and a shell.
 */
export const SCENARIO_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const SCENARIO_NAME_MAX = 40;
export type Scenario = string;
export const ScenarioSchema = z
  .string()
  .max(SCENARIO_NAME_MAX, `a scenario name has at most ${SCENARIO_NAME_MAX} characters`)
  .regex(
    SCENARIO_NAME_PATTERN,
    'a scenario name is lower-case letters and digits in words joined by single hyphens, starting with a letter (e.g. "my-policy")',
  );

export function isBuiltinScenario(s: string): s is BuiltinScenario {
  return (BUILTIN_SCENARIOS as readonly string[]).includes(s);
}

export const MetricsRowSchema = z.looseObject({
  scenario: ScenarioSchema,
  workload: z.string().min(1),
  T_peak_logic: z.number().finite(),
  T_peak_dram: z.number().finite(),
  T_avg: z.number().finite(),
  ips: z.number().finite().nonnegative(),
  lat_ms: z.number().finite().nonnegative(),
  bw_util: z.number().finite().nonnegative(),
  refresh_mhz: z.number().finite().nonnegative(),
  noc_load: z.number().finite().nonnegative(),
});
export type MetricsRow = z.output<typeof MetricsRowSchema> & Record<string, unknown>;
