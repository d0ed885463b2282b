/**
 * A config file the user named: read with its size bounded (exit 2 when missing or too large),
 * parsed and validated; paths inside an arch config resolve against the config's folder.
 */
import path from 'node:path';
import { parseConfigText, resolveArchPaths, type ConfigByKind, type ConfigKind, type Resolved, type ResolvedArchConfig } from '@tasmoe/schemas';
import { INPUT_LIMITS, readInputFile, resolveUserPath } from '@tasmoe/experiment';

export function readConfig<K extends ConfigKind>(kind: K, file: string): Resolved<ConfigByKind[K]> {
  const config = parseConfigText(kind, readInputFile(file, `${kind} config`, INPUT_LIMITS.config), file);
  if (kind !== 'arch') return config;
  return resolveArchPaths(config as ResolvedArchConfig, path.dirname(resolveUserPath(file))) as Resolved<ConfigByKind[K]>;
}
