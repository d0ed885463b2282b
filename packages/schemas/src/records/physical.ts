/** Physical events handed to the thermal back end, seed section 3.4. */
import { z } from 'zod';
import { defineCsvRecord } from './csv-record.js';
import { BankIdSchema, CoreIdSchema, NsSchema } from './ids-zod.js';

export const ComputeEventSchema = z.strictObject({
  evt_id: z.number().int().nonnegative(),
  t_start_ns: NsSchema,
  core_id: CoreIdSchema,
  duration_cycles: z.number().int().nonnegative(),
  flops: z.number().nonnegative(),
  op: z.string(),
  dvfs_domain: z.string(),
  power_hint: z.string(),
});
export type ComputeEvent = z.output<typeof ComputeEventSchema>;
export const ComputeEventCsv = defineCsvRecord('compute_events', ComputeEventSchema, [
  'evt_id:number',
  't_start_ns:number',
  'core_id:number',
  'duration_cycles:number',
  'flops:number',
  'op:string',
  'dvfs_domain:string',
  'power_hint:string',
]);

export const MemoryEventSchema = z.strictObject({
  evt_id: z.number().int().nonnegative(),
  t_start_ns: NsSchema,
  src_core: CoreIdSchema,
  dst_bank: BankIdSchema,
  bytes: z.number().int().nonnegative(),
  rw: z.enum(['r', 'w']),
  hops: z.number().int().nonnegative(),
  noc_qos: z.string(),
});
export type MemoryEvent = z.output<typeof MemoryEventSchema>;
export const MemoryEventCsv = defineCsvRecord('memory_events', MemoryEventSchema, [
  'evt_id:number',
  't_start_ns:number',
  'src_core:number',
  'dst_bank:string',
  'bytes:number',
  'rw:string',
  'hops:number',
  'noc_qos:string',
]);
