/**
 * A config file the user named: read with its size bounded (exit 2 when missing or too large),
 * parsed and validated; paths inside an arch config (hotspot binary) or a workload (routing.counts_file) resolve against the config's folder.
 */
import path from 'node:path';
import {
  parseConfigText,
  resolveArchPaths,
  resolveWorkloadPaths,
  type ConfigByKind,
  type ConfigKind,
  type Resolved,
  type ResolvedArchConfig,
  type ResolvedWorkloadConfig,
} from '@tasmoe/schemas';
import { INPUT_LIMITS, readInputFile, resolveUserPath } from '@tasmoe/experiment';

export function readConfig<K extends ConfigKind>(kind: K, file: string): Resolved<ConfigByKind[K]> {
  const config = parseConfigText(kind, readInputFile(file, `${kind} config`, INPUT_LIMITS.config), file);
  if (kind === 'workload')
    return resolveWorkloadPaths(config as ResolvedWorkloadConfig, path.dirname(resolveUserPath(file))) as Resolved<
      ConfigByKind[K]
    >;
  if (kind !== 'arch') return config;
  return resolveArchPaths(config as ResolvedArchConfig, path.dirname(resolveUserPath(file))) as Resolved<
    ConfigByKind[K]
  >;
}
