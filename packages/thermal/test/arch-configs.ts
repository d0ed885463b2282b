/** The repository's arch configs (configs/*.yaml), parsed and resolved. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText, resolveConfig, type ArchConfigInput, type ResolvedArchConfig } from '@tasmoe/schemas';
import { findRepoRoot } from './reference-dir.js';

const root = findRepoRoot();

export function loadArch(file: 'arch_8x8_32x32x8.yaml' | 'arch_8x8_32x32x8_literal.yaml'): ResolvedArchConfig {
  if (root === undefined) throw new Error('repository root not found');
  const path = join(root, 'configs', file);
  return parseConfigText('arch', readFileSync(path, 'utf8'), path);
}

/** The default arch with fields replaced (deep-merged one level into geometry/thermal). */
export function archWith(patch: ArchConfigInput | ((a: ArchConfigInput) => ArchConfigInput)): ResolvedArchConfig {
  const base = JSON.parse(JSON.stringify(loadArch('arch_8x8_32x32x8.yaml'))) as ArchConfigInput;
  return resolveConfig('arch', typeof patch === 'function' ? patch(base) : { ...base, ...patch });
}

/** HotSpot reference case a powers: 1 W per core, 0.01 W per bank (layout order). */
export function caseAPower(cores = 64, banks = 8192): Float64Array {
  const p = new Float64Array(cores + banks).fill(0.01);
  p.fill(1, 0, cores);
  return p;
}
