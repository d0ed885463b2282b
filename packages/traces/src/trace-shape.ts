/**
 * The generator's entry check and the plain numbers the hot loop runs on.
 * Validation happens here, once, at the boundary: the workload goes through
 * @tasmoe/schemas' validation again (a hand-built object may be invalid even
 * when typed as resolved), then the generator's own limits are checked.
 */
import { expertCount, resolveConfig, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { solveZipfExponent } from './balance-calibration.js';
import { TracesError } from './errors.js';
import { STEP_PERIOD_NS } from './step-period.js';

const MIB = 1024 * 1024;
const INT32_MAX = 2 ** 31 - 1;

export { STEP_PERIOD_NS };

export interface TraceShape {
  readonly seed: number;
  readonly layers: number;
  readonly expertsPerLayer: number;
  readonly sharedExperts: number;
  readonly topk: number;
  /** Experts per token-layer event: topk routed + shared. */
  readonly k: number;
  /** The Zipf exponent in force: routing.zipf_s, or solved for routing.balance (unused by model: empirical). */
  readonly zipfS: number;
  /** Popularity drift (drift.ts), absent when static. */
  readonly drift?: { readonly everySteps: number; readonly mode: 'rotate' | 'redraw'; readonly shift: number };
  readonly microBatch: number;
  readonly concurrency: number;
  readonly steps: number;
  /** Context length at step 0 (`sequence.tokens`); step s reads tokens + s. */
  readonly contextTokens: number;
  readonly fcFlopsPerToken: number;
  /** FLOPs of each of a token's k experts at one layer (fc split equally). */
  readonly fcFlopsPerExpert: number;
  readonly attnFlopsPerToken: number;
  readonly kvBytesPerToken: number;
  /** Bytes of one weight shard, whole bytes. */
  readonly shardBytes: number;
  readonly shardsPerExpert: number;
  /** Number of routed experts over all layers; shared expert numbers start here. */
  readonly routedExpertCount: number;
  readonly expertCount: number;
  readonly tokensPerStep: number;
  readonly eventsPerStep: number;
  readonly totalEvents: number;
  /** Upper bound of weight reads of one (step, layer, micro-batch). */
  readonly maxWeightReadsPerGroup: number;
}

/** Validate the workload and options and derive the generator's shape. Throws InputValidationError / TracesError. */
export function traceShape(cfg: ResolvedWorkloadConfig, seedOverride?: number): TraceShape {
  const c = resolveConfig('workload', cfg, '<workload config>');
  const seed = seedOverride ?? c.routing.seed;
  if (!Number.isSafeInteger(seed))
    throw new TracesError('TRACE_OPTION_INVALID', `seed must be an integer, got ${seed}`);
  const { layers, experts_per_layer: expertsPerLayer, shared_experts: sharedExperts } = c.moe;
  const { micro_batch: microBatch, concurrency, steps, tokens: contextTokens } = c.sequence;
  const topk = c.routing.topk;
  const k = topk + sharedExperts;
  const tokensPerStep = microBatch * concurrency;
  const totalTokens = tokensPerStep * steps;
  if (totalTokens > INT32_MAX) {
    throw new TracesError(
      'TRACE_TOO_LARGE',
      `steps x micro_batch x concurrency = ${totalTokens} tokens exceeds the 32-bit token_id range (${INT32_MAX})`,
    );
  }
  const experts = expertCount(c.moe);
  if (experts > INT32_MAX)
    throw new TracesError('TRACE_TOO_LARGE', `${experts} experts exceed the 32-bit expert number range`);
  const eventsPerStep = tokensPerStep * layers;
  const shardBytes = Math.round(c.tensors.weight_shard_mb * MIB);
  return {
    seed,
    layers,
    expertsPerLayer,
    sharedExperts,
    topk,
    k,
    zipfS:
      c.routing.balance === undefined ? c.routing.zipf_s : solveZipfExponent(expertsPerLayer, topk, c.routing.balance),
    ...(c.routing.drift === undefined
      ? {}
      : {
          drift: { everySteps: c.routing.drift.every_steps, mode: c.routing.drift.mode, shift: c.routing.drift.shift },
        }),
    microBatch,
    concurrency,
    steps,
    contextTokens,
    fcFlopsPerToken: c.operators.fc.flop_per_token,
    fcFlopsPerExpert: c.operators.fc.flop_per_token / k,
    attnFlopsPerToken: c.operators.attn.flop_per_token,
    kvBytesPerToken: c.operators.attn.kv_bytes_per_token,
    shardBytes,
    shardsPerExpert: c.tensors.shards_per_expert,
    routedExpertCount: layers * expertsPerLayer,
    expertCount: experts,
    tokensPerStep,
    eventsPerStep,
    totalEvents: eventsPerStep * steps,
    maxWeightReadsPerGroup:
      (Math.min(expertsPerLayer, microBatch * topk) + sharedExperts) * c.tensors.shards_per_expert,
  };
}

/** KV-cache bytes one token reads at one layer in decode step `step` (context = tokens + step), whole bytes. */
export function kvReadBytes(shape: TraceShape, step: number): number {
  return Math.round((shape.contextTokens + step) * shape.kvBytesPerToken);
}
