/**
 * The placement a scenario runs with: its placement policy's answer
 * (policy/policy-registry.ts), checked against the configs before any window
 * runs. Every policy gets the same context: the experts' load (expert-load.ts)
 * and the attention's per-core share (attention-share.ts), the
 * placement-independent power a thermal prediction must include, and, with the thermal solver's H,
 * how each bank position answers a shard read (bank-burst.ts).
 */
import {
  PlacementSchema,
  PolicyError,
  TasmoeError,
  buildTopology,
  checkContext,
  copyBankBurstResponse,
  placementProblems,
  type InfluenceMatrix,
  type LogicalSource,
  type Placement,
  type PlacementContext,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
} from '@tasmoe/schemas';
import { attentionCoreShare } from './attention-share.js';
import { bankBurstResponse } from './bank-burst.js';
import { expertLoadEstimate } from './expert-load.js';
import type { RunLogger } from '../runner/run-log.js';
import type { ResolvedScenario } from '../policy/policy-registry.js';
import type { OpenSource } from './window-source.js';

export interface PlacementStepInput {
  readonly arch: ResolvedArchConfig;
  readonly workload: ResolvedWorkloadConfig;
  readonly tas: ResolvedTasParams;
  readonly scenario: ResolvedScenario;
  readonly source: LogicalSource;
  /** Opens the same trace afresh (for the attention share's dry lowering). */
  readonly openSource?: OpenSource;
  readonly influence?: InfluenceMatrix;
  readonly logger: RunLogger;
}

export async function choosePlacement(input: PlacementStepInput): Promise<Placement> {
  const { arch, workload, tas, scenario, logger } = input;
  const policy = scenario.placement;
  const expertLoad = expertLoadEstimate(workload, tas, () => input.source);
  const log = (line: string) => logger.info(line);
  const external = scenario.source !== undefined;
  const ctx: PlacementContext = {
    arch,
    workload,
    tas,
    topology: buildTopology(arch),
    expertLoad,
    ...(input.influence ? { influence: input.influence } : {}),
    log,
  };
  // measured on first read (a 100-window dry lowering, ~0.3 s): the default placement never reads it
  defineLazy(
    ctx,
    'attentionCoreShare',
    () => attentionCoreShare(arch, workload, tas, undefined, input.openSource),
    (v) => Float64Array.from(v),
  );
  // the loop's own model of a read burst per bank position (0.1-2 s), with the solver's H only
  defineLazy(
    ctx,
    'bankBurst',
    () => (input.influence === undefined ? undefined : bankBurstResponse(arch, workload, tas)),
    copyBankBurstResponse,
  );
  let answer: unknown;
  try {
    answer = await policy.place(ctx);
  } catch (err) {
    if (!external || err instanceof TasmoeError) throw err;
    throw new PolicyError(
      'POLICY_FAILED',
      `placement policy ${policy.name} (${scenario.source}) threw: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const parsed = PlacementSchema.safeParse(answer);
  if (!parsed.success) {
    const what = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(placement)'}: ${i.message}`)
      .join('; ');
    throw new PolicyError(
      'POLICY_FAILED',
      `placement policy ${policy.name}${external ? ` (${scenario.source})` : ''} returned no valid placement.json: ${what}`,
    );
  }
  const problems = placementProblems(parsed.data, checkContext(arch, workload));
  if (problems.length > 0) {
    throw new PolicyError(
      'POLICY_FAILED',
      `placement policy ${policy.name}${external ? ` (${scenario.source})` : ''} returned a placement that does not fit the configs: ${problems
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}${problems.length > 3 ? `; ... and ${problems.length - 3} more` : ''}`,
    );
  }
  if (external)
    logger.info(
      `placement: policy ${policy.name} from ${scenario.source}${parsed.data.meta?.method ? ` (${parsed.data.meta.method})` : ''}`,
    );
  return parsed.data;
}

/** A context field computed when a policy first reads it; every read gets its own copy. */
function defineLazy<T>(ctx: object, key: string, compute: () => T | undefined, copy: (v: T) => T): void {
  let value: T | undefined | null = null;
  Object.defineProperty(ctx, key, {
    enumerable: true,
    get: () => {
      if (value === null) value = compute();
      return value === undefined ? undefined : copy(value);
    },
  });
}
