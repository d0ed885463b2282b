/** Logical (scenario-agnostic) trace records, seed section 3.1. */
import { z } from 'zod';
import { defineCsvRecord } from './csv-record.js';
import { ExpertIdSchema, NsSchema } from './ids-zod.js';

export const OP_TYPES = ['fc', 'attn'] as const;
export type OpType = (typeof OP_TYPES)[number];

export const LogicalComputeSchema = z
  .strictObject({
    event_id: z.number().int().nonnegative(),
    t_gen_ns: NsSchema,
    mb_id: z.number().int().nonnegative(),
    token_id: z.number().int().nonnegative(),
    experts_json: z.array(ExpertIdSchema),
    flops_json: z.array(z.number().nonnegative()),
    op_type: z.enum(OP_TYPES),
    /** Extra column: MoE layer of the event (the seed's ids encode it for fc only). */
    layer: z.number().int().nonnegative().optional(),
  })
  .refine((r) => r.experts_json.length === r.flops_json.length || r.op_type !== 'fc', {
    message: 'experts_json and flops_json must have the same length for fc events',
    path: ['flops_json'],
  });
export type LogicalCompute = z.output<typeof LogicalComputeSchema>;
export const LogicalComputeCsv = defineCsvRecord('logical_compute', LogicalComputeSchema, [
  'event_id:number',
  't_gen_ns:number',
  'mb_id:number',
  'token_id:number',
  'experts_json:json',
  'flops_json:json',
  'op_type:string',
  'layer:number?',
]);

export const LogicalMemorySchema = z.strictObject({
  event_id: z.number().int().nonnegative(),
  tensor_id: z.string().min(1),
  access: z.enum(['read', 'write']),
  bytes: z.number().int().nonnegative(),
  locality_hint: z.string(),
});
export type LogicalMemory = z.output<typeof LogicalMemorySchema>;
export const LogicalMemoryCsv = defineCsvRecord('logical_memory', LogicalMemorySchema, [
  'event_id:number',
  'tensor_id:string',
  'access:string',
  'bytes:number',
  'locality_hint:string',
]);
