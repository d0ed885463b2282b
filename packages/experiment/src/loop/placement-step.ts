/**
 * The placement a scenario runs with: the thermally naive default for baseline
 * and tacs, TAPS for taps and tas. TAPS's expert heat f_e comes from the trace
 * generator's routing model (it permutes popularity ranks per layer, so only the
 * trace side knows which experts are hot): `analytic` = its exact selection
 * probabilities, `trace-prefix` = frequencies counted over the first decode steps.
 * TAPS also gets the attention's per-core share (attention-share.ts), the
 * placement-independent power its prediction must include.
 */
import type { InfluenceMatrix, LogicalSource, Placement, ResolvedArchConfig, ResolvedTasParams, ResolvedWorkloadConfig, Scenario } from '@tasmoe/schemas';
import { buildPlacement, defaultPlacement } from '@tasmoe/taps';
import { analyticExpertSelectionProbability, empiricalExpertFrequencies } from '@tasmoe/traces';
import { attentionCoreShare } from './attention-share.js';
import type { RunLogger } from '../runner/run-log.js';
import type { OpenSource } from './window-source.js';

/** Decode steps whose routing is counted for the trace-prefix heat estimate. */
export const HEAT_PREFIX_STEPS = 64;

export interface PlacementStepInput {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly scenario: Scenario;
  readonly source: LogicalSource;
  /** Opens the same trace afresh (for the attention share's dry lowering). */
  readonly openSource?: OpenSource;
  readonly influence?: InfluenceMatrix;
  readonly logger: RunLogger;
}

function* prefixChunks(source: LogicalSource, steps: number) {
  const chunks = Math.min(source.chunkCount, Math.ceil(steps / source.stepsPerChunk));
  for (let k = 0; k < chunks; k++) yield source.chunk(k);
}

export async function choosePlacement(input: PlacementStepInput): Promise<Placement> {
  const { arch, workload, tas, scenario, logger } = input;
  if (scenario === 'baseline' || scenario === 'tacs') {
    logger.info('placement: default (experts round-robin over cores, weights in the vault under their core)');
    return defaultPlacement(arch, workload);
  }
  const prefix = tas.taps.heat_estimate === 'trace-prefix';
  const expertHeat = prefix
    ? empiricalExpertFrequencies(prefixChunks(input.source, HEAT_PREFIX_STEPS), workload.moe)
    : analyticExpertSelectionProbability(workload);
  const share = attentionCoreShare(arch, workload, tas, undefined, input.openSource);
  const res = await buildPlacement(arch, workload, tas.taps, input.influence, { expertHeat, ...(share === undefined ? {} : { attentionCoreShare: share }) });
  logger.info(
    `placement: TAPS ${res.method}, predicted peak ${res.predictedPeakC.toFixed(2)} C, objective ${res.objective.toFixed(4)}, ` +
      `heat ${prefix ? `trace prefix (${HEAT_PREFIX_STEPS} steps)` : 'analytic routing model'}, H ${res.influenceSource}, ` +
      `attention ${share === undefined ? 'none' : `${res.load.attentionPowerW.toFixed(2)} W on its home cores`}` +
      (res.gap !== undefined ? `, gap ${(res.gap * 100).toFixed(2)}%` : '') +
      (res.fallbackReason !== undefined ? `, fallback: ${res.fallbackReason}` : ''),
  );
  for (const line of res.solverLog) logger.debug(`taps: ${line}`);
  return res.placement;
}
