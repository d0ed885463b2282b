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

export const SCENARIOS = ['baseline', 'taps', 'tacs', 'tas'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const ScenarioSchema = z.enum(SCENARIOS);

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
