/** JSON Schema export of each config (input side: what a user may write). */
import { z } from 'zod';
import { ArchConfigSchema } from './arch.js';
import type { ConfigKind } from './load.js';
import { TasParamsSchema } from './tas-params.js';
import { WorkloadConfigSchema } from './workload.js';

export function configJsonSchema(kind: ConfigKind): Record<string, unknown> {
  const schema = kind === 'arch' ? ArchConfigSchema : kind === 'workload' ? WorkloadConfigSchema : TasParamsSchema;
  const title =
    kind === 'arch' ? 'TAS-MoE arch config' : kind === 'workload' ? 'TAS-MoE workload config' : 'TAS-MoE TAS params';
  return { title, ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) };
}
