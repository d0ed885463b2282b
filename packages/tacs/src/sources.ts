/**
 * Source selection and sink claims.
 *
 * A core is a source when its pressure S_c is positive: at or above Temg
 * (emergency), predicted temperature above Thot, or (gamma > 0) load above
 * q_target. Up to top_k_sources are taken (every emergency always), ranked:
 *   1. emergencies,
 *   2. loaded cores (q > q_target; their load term is Thot-free),
 *   3. cores pressed by temperature alone,
 * each group by predicted temperature (hottest first), then by id. Raising Thot
 * only removes cores from the tail of group 3 (the coolest of it), so the sources
 * at a higher Thot are a prefix of the sources at a lower Thot.
 *
 * Sinks: each source may use the cores within hop_radius that are cooler than it
 * (predicted) and not in emergency; a sink serves the highest-ranked source that
 * reaches it (one source per sink per window). Sources therefore never compete for
 * a sink and are decided independently of one another.
 */
import { neighbourhoods } from './neighbourhood.js';
import type { StepContext } from './step-context.js';

export interface SourceSelection {
  /** Source cores in rank order. */
  readonly sources: readonly number[];
  /** Per source (same order): the sinks it may use, nearest first. */
  readonly sinks: readonly (readonly number[])[];
}

export function selectSources(ctx: StepContext, topK: number): SourceSelection {
  const { predicted: ema, emergency } = ctx;
  const n = ctx.topology.coreCount;
  const P = ctx.pressure;
  const group = new Uint8Array(n);
  const hot: number[] = [];
  for (let c = 0; c < n; c++) {
    const loaded = P.gamma > 0 && (ctx.util[c] ?? 0) > P.qTarget;
    group[c] = emergency[c] === 1 ? 0 : loaded ? 1 : 2;
    if (emergency[c] === 1 || loaded || (ema[c] ?? 0) > P.Thot) hot.push(c);
  }
  hot.sort((a, b) => (group[a] ?? 0) - (group[b] ?? 0) || (ema[b] ?? 0) - (ema[a] ?? 0) || a - b);
  let emergencies = 0;
  for (const c of hot) if (emergency[c] === 1) emergencies++;
  const sources = hot.slice(0, Math.max(topK, emergencies));

  const near = neighbourhoods(ctx.topology, ctx.hopRadius);
  const claimed = new Uint8Array(n);
  const sinks = sources.map((s) => {
    const mine: number[] = [];
    const ts = ema[s] ?? 0;
    for (const j of near[s] ?? []) {
      if (claimed[j] === 1 || emergency[j] === 1 || (ema[j] ?? 0) >= ts) continue;
      claimed[j] = 1;
      mine.push(j);
    }
    return mine;
  });
  return { sources, sinks };
}

/**
 * Free migration slots of the source at `rank`: the slots are dealt round-robin over
 * the top_k_sources ranks, fixed in advance, so a source's share never depends on
 * what other sources did (extra emergency ranks beyond top_k_sources get none).
 */
export function rankQuota(freeSlots: number, topK: number, rank: number): number {
  if (rank >= topK || freeSlots <= 0) return 0;
  return Math.floor(freeSlots / topK) + (rank < freeSlots % topK ? 1 : 0);
}
