/**
 * Source selection and sink claims.
 *
 * Sources: every core at or above Temg (emergency), then the hottest cores whose
 * EMA temperature is above Thot, up to top_k_sources in total, ranked emergency
 * first, then by EMA temperature (hottest first), then by id. Ranking by
 * temperature (not by the full pressure) makes the sources at a higher Thot a
 * prefix of the sources at a lower Thot.
 *
 * Sinks: each source may use the cores within hop_radius that are cooler than it
 * and not in emergency; a sink serves the highest-ranked source that reaches it
 * (one source per sink per window). Sources therefore never compete for a sink
 * and are decided independently of one another.
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
  const { emaCore: ema, emergency } = ctx;
  const n = ctx.topology.coreCount;
  const hot: number[] = [];
  for (let c = 0; c < n; c++) if (emergency[c] === 1 || (ema[c] ?? 0) > ctx.pressure.Thot) hot.push(c);
  hot.sort((a, b) => (emergency[b] ?? 0) - (emergency[a] ?? 0) || (ema[b] ?? 0) - (ema[a] ?? 0) || a - b);
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
