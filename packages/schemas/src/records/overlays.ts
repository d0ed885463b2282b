/** TACS overlays for the next window, seed section 3.3. */
import { z } from 'zod';
import { defineCsvRecord } from './csv-record.js';
import { CoreIdSchema, ExpertIdSchema, NsSchema } from './ids-zod.js';

export const RerouteReasonSchema = z.enum(['hot_core', 'emergency', 'load', 'replica']);

export const OverlayRerouteSchema = z.strictObject({
  t_apply_ns: NsSchema,
  scope: z.enum(['mb', 'expert']),
  from_core: CoreIdSchema,
  to_core: CoreIdSchema,
  mb_ids_json: z.array(z.number().int().nonnegative()),
  reason: z.string(),
  expected_gain: z.number(),
  /** Extra column: restrict the reroute to this expert's tasks (absent = every task of the micro-batches). */
  expert_id: ExpertIdSchema.optional(),
});
export type OverlayReroute = z.output<typeof OverlayRerouteSchema>;
export const OverlayRerouteCsv = defineCsvRecord('overlay_reroute', OverlayRerouteSchema, [
  't_apply_ns:number',
  'scope:string',
  'from_core:number',
  'to_core:number',
  'mb_ids_json:json',
  'reason:string',
  'expected_gain:number',
  'expert_id:string?',
]);

/**
 * obj_type "weight": move weight shard obj_id from bank src to bank dst.
 * obj_type "replica": create a replica of expert obj_id on core dst (src = the core it is copied from).
 * obj_type "retire": retire the replica of expert obj_id on core src (dst = "").
 */
export const OverlayMigrateSchema = z.strictObject({
  t_apply_ns: NsSchema,
  obj_type: z.enum(['weight', 'replica', 'retire']),
  obj_id: z.string().min(1),
  src: z.string(),
  dst: z.string(),
  size_bytes: z.number().int().nonnegative(),
  cost: z.number(),
});
export type OverlayMigrate = z.output<typeof OverlayMigrateSchema>;
export const OverlayMigrateCsv = defineCsvRecord('overlay_migrate', OverlayMigrateSchema, [
  't_apply_ns:number',
  'obj_type:string',
  'obj_id:string',
  'src:string',
  'dst:string',
  'size_bytes:number',
  'cost:number',
]);

/** The overlays of one window. */
export interface Overlays {
  readonly reroute: readonly OverlayReroute[];
  readonly migrate: readonly OverlayMigrate[];
}

export const EMPTY_OVERLAYS: Overlays = Object.freeze({ reroute: Object.freeze([]), migrate: Object.freeze([]) });
