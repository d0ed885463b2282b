/**
 * Paths inside a config mean what they say relative to the config file, not
 * to the folder a command happens to run in: `thermal.hotspot.binary` given as
 * a relative path (it contains a separator) resolves against the folder of the
 * arch config. A bare name (`hotspot`) stays a name looked up on PATH.
 */
import path from 'node:path';
import { deepFreeze, type ResolvedArchConfig } from './load.js';

export function resolveArchPaths(arch: ResolvedArchConfig, configDir: string): ResolvedArchConfig {
  const bin = arch.thermal.hotspot.binary;
  if (bin === undefined || path.isAbsolute(bin) || !/[\\/]/.test(bin)) return arch;
  const copy = structuredClone(arch) as { thermal: { hotspot: { binary?: string } } };
  copy.thermal.hotspot.binary = path.resolve(configDir, bin);
  return deepFreeze(copy) as unknown as ResolvedArchConfig;
}
