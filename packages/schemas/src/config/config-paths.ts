/**
 * Paths inside a config mean what they say relative to the config file, not
 * to the folder a command happens to run in: `thermal.hotspot.binary` given as
 * a relative path (it contains a separator) resolves against the folder of the
 * arch config. A bare name (`hotspot`) stays a name looked up on PATH.
 */
import path from 'node:path';
import { deepFreeze, type ResolvedArchConfig, type ResolvedWorkloadConfig } from './load.js';

export function resolveArchPaths(arch: ResolvedArchConfig, configDir: string): ResolvedArchConfig {
  const bin = arch.thermal.hotspot.binary;
  if (bin === undefined || path.isAbsolute(bin) || !/[\\/]/.test(bin)) return arch;
  const copy = structuredClone(arch) as { thermal: { hotspot: { binary?: string } } };
  copy.thermal.hotspot.binary = path.resolve(configDir, bin);
  return deepFreeze(copy) as unknown as ResolvedArchConfig;
}

/** The workload's routing.counts_file resolved against the workload config's folder (absolute paths kept). */
export function resolveWorkloadPaths(workload: ResolvedWorkloadConfig, configDir: string): ResolvedWorkloadConfig {
  const f = workload.routing.counts_file;
  if (f === undefined || path.isAbsolute(f)) return workload;
  const copy = structuredClone(workload) as { routing: { counts_file?: string } };
  copy.routing.counts_file = path.resolve(configDir, f);
  return deepFreeze(copy) as unknown as ResolvedWorkloadConfig;
}
