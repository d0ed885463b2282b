/** TAPS output `placement.json`, seed section 3.2. */
import { z } from 'zod';
import { BankIdSchema, CoreIdSchema } from './ids-zod.js';

export const ExpertPlacementSchema = z
  .strictObject({
    cores: z.array(CoreIdSchema).min(1),
    policy: z.enum(['single', 'replicate']),
  })
  .refine((p) => (p.policy === 'single' ? p.cores.length === 1 : p.cores.length >= 2), {
    message: '"single" takes exactly one core, "replicate" at least two',
    path: ['cores'],
  })
  .refine((p) => new Set(p.cores).size === p.cores.length, { message: 'cores must be distinct', path: ['cores'] });

export const PlacementSchema = z.strictObject({
  experts: z.record(z.string().regex(/^E(0|[1-9][0-9]*)$/, 'expected an expert id like "E17"'), ExpertPlacementSchema),
  tensors: z.record(z.string().min(1), z.strictObject({ dram_bank: BankIdSchema })),
  /** Extra (optional): how the placement was made, for run.log and reports. */
  meta: z
    .strictObject({
      method: z.string(),
      predicted_peak_c: z.number().optional(),
      /** TAPS's predicted hottest DRAM (vault, die) node, degC, where its influence had DRAM nodes. */
      predicted_peak_dram_c: z.number().optional(),
      objective: z.number().optional(),
      gap: z.number().optional(),
      note: z.string().optional(),
    })
    .optional(),
});
export type ExpertPlacement = z.output<typeof ExpertPlacementSchema>;
export type Placement = z.output<typeof PlacementSchema>;
