/** What TACS sees of the previous window (seed section 4.3). */
import { z } from 'zod';

export const TelemetrySchema = z.strictObject({
  temps_core: z.array(z.number()),
  temps_bank: z.array(z.number()),
  util_core: z.array(z.number().min(0).max(1)),
  noc_load: z.number().min(0),
  ts_ns: z.number().int().nonnegative(),
});
/** Temperatures in C, utilisation 0..1, one entry per core / bank (bank index = topology order). */
export type Telemetry = z.output<typeof TelemetrySchema>;
