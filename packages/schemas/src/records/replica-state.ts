/** Replica state carried between windows, seed section 3.5 (`replica_state.json`). */
import { z } from 'zod';
import { CoreIdSchema, NsSchema } from './ids-zod.js';

export const ReplicaEntrySchema = z.strictObject({
  cores: z.array(CoreIdSchema),
  ts_created_ns: NsSchema,
  /** Extra: creation time per replica core (core id as key), for per-replica residency. */
  created_ns_by_core: z.record(z.string(), NsSchema).optional(),
  /** Extra: when a replica on a core was retired (core id as key), for the undo cooldown. */
  retired_ns_by_core: z.record(z.string(), NsSchema).optional(),
  /** Extra: when the copy of a replica on a core completed (core id as key), i.e. when it became usable. */
  ready_ns_by_core: z.record(z.string(), NsSchema).optional(),
});
export const ReplicaStateSchema = z.record(
  z.string().regex(/^E(0|[1-9][0-9]*)$/, 'expected an expert id like "E17"'),
  ReplicaEntrySchema,
);
export type ReplicaEntry = z.output<typeof ReplicaEntrySchema>;
export type ReplicaStateJson = z.output<typeof ReplicaStateSchema>;
