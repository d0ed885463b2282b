/**
 * On-disk cache of influence matrices (the only fs user of the H code): one
 * JSON file per arch hash, `<dir>/influence-<hash>.json`, written atomically
 * (temp file + rename). A file that does not match (other hash, wrong shape)
 * is ignored and rewritten.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InfluenceMatrix } from '@tasmoe/schemas';
import { computeInfluenceMatrix, influenceCacheKey, type InfluenceOptions, type ThermalArch } from '@tasmoe/thermal';

interface CacheFile {
  readonly version: 1;
  readonly key: string;
  readonly coreCount: number;
  readonly ambientC: number;
  readonly data: readonly number[];
}

function parse(text: string, key: string): InfluenceMatrix | undefined {
  try {
    const j = JSON.parse(text) as Partial<CacheFile>;
    const n = j.coreCount;
    if (
      j.version !== 1 ||
      j.key !== key ||
      typeof n !== 'number' ||
      typeof j.ambientC !== 'number' ||
      !Array.isArray(j.data) ||
      j.data.length !== n * n
    )
      return undefined;
    if (!j.data.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
    return { coreCount: n, ambientC: j.ambientC, data: Float64Array.from(j.data) };
  } catch {
    return undefined;
  }
}

/** Path of the cache file of an arch config (and options) under `dir`. */
export function influenceCacheFile(dir: string, arch: ThermalArch, opts: InfluenceOptions = {}): string {
  return join(dir, `influence-${influenceCacheKey(arch, opts).slice(0, 24)}.json`);
}

/** H from `dir` when cached there for this config, else computed and written. */
export function loadOrComputeInfluenceMatrix(
  dir: string,
  arch: ThermalArch,
  opts: InfluenceOptions = {},
): InfluenceMatrix {
  const key = influenceCacheKey(arch, opts);
  const file = influenceCacheFile(dir, arch, opts);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  const cached = text === undefined ? undefined : parse(text, key);
  if (cached !== undefined) return cached;
  const h = computeInfluenceMatrix(arch, opts);
  const body: CacheFile = { version: 1, key, coreCount: h.coreCount, ambientC: h.ambientC, data: Array.from(h.data) };
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body)}\n`);
  renameSync(tmp, file);
  return h;
}
