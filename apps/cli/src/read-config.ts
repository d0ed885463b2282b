/** A config file the user named: read with its size bounded (exit 2 when missing or too large), then parsed and validated. */
import { parseConfigText, type ConfigByKind, type ConfigKind, type Resolved } from '@tasmoe/schemas';
import { INPUT_LIMITS, readInputFile } from '@tasmoe/experiment';

export function readConfig<K extends ConfigKind>(kind: K, file: string): Resolved<ConfigByKind[K]> {
  return parseConfigText(kind, readInputFile(file, `${kind} config`, INPUT_LIMITS.config), file);
}
