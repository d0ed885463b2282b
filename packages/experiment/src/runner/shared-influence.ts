/**
 * The thermal influence matrix H (TAPS's placement and TACS read it) for the
 * worker lanes of a run-all: computed once in the main thread instead of once
 * in every scenario's worker (~0.5 s of CPU each on the default stack, four
 * times per run-all). Workers are spawned first and receive H by message, so
 * computing it overlaps their start-up. The same function on the same arch
 * gives the same bits (structured clone keeps Float64Array values exactly),
 * so results do not change. Only with the default thermal provider: a
 * --thermal-module's own influence() runs in each worker as before.
 */
import type { InfluenceMatrix, ResolvedArchConfig } from '@tasmoe/schemas';

/** What a worker receives: H, or nothing (the main thread could not compute it: the worker computes and reports the error itself). */
export interface InfluenceMessage {
  readonly type: 'influence';
  readonly matrix?: InfluenceMatrix;
}

export interface SharedInfluence {
  /** H of `arch` (computed on first request, after the current turn so spawning goes on). */
  message(arch: ResolvedArchConfig): Promise<InfluenceMessage>;
}

export function sharedInfluence(): SharedInfluence {
  const byArch = new Map<ResolvedArchConfig, Promise<InfluenceMessage>>();
  return {
    message(arch) {
      let m = byArch.get(arch);
      if (m === undefined) {
        m = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
          try {
            const { loadThermalProvider } = await import('./thermal-factory.js');
            const matrix = (await loadThermalProvider()).influence?.(arch);
            return matrix === undefined ? { type: 'influence' } : { type: 'influence', matrix };
          } catch {
            return { type: 'influence' };
          }
        });
        byArch.set(arch, m);
      }
      return m;
    },
  };
}
