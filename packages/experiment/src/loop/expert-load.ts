/**
 * The experts' load every placement policy is given, and `tasmoe place` predicts with: the
 * probability a token at its layer uses each global expert. The trace generator permutes the
 * popularity ranks per layer with the routing seed, so only the trace side knows which experts
 * are hot: `analytic` = its exact selection probabilities, `trace-prefix` = frequencies counted
 * over the first decode steps (tas.taps.heat_estimate).
 */
import type { LogicalSource, ResolvedTasParams, ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { analyticExpertSelectionProbability, createLogicalSource, empiricalExpertFrequencies } from '@tasmoe/traces';

/** Decode steps whose routing is counted for the trace-prefix heat estimate. */
export const HEAT_PREFIX_STEPS = 64;

function* prefixChunks(source: LogicalSource, steps: number) {
  const chunks = Math.min(source.chunkCount, Math.ceil(steps / source.stepsPerChunk));
  for (let k = 0; k < chunks; k++) yield source.chunk(k);
}

/**
 * Per global expert, the probability a token at its layer uses it (see the file comment);
 * `source` opens the trace a prefix is counted from (default: the workload's own).
 */
export function expertLoadEstimate(
  workload: ResolvedWorkloadConfig,
  tas: ResolvedTasParams,
  source: () => LogicalSource = () => createLogicalSource(workload),
): Float64Array {
  return tas.taps.heat_estimate === 'trace-prefix'
    ? empiricalExpertFrequencies(prefixChunks(source(), HEAT_PREFIX_STEPS), workload.moe)
    : analyticExpertSelectionProbability(workload);
}
