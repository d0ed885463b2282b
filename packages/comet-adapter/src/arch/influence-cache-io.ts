/**
 * On-disk cache of influence matrices (the only fs user of the H code): one
 * JSON file per arch hash, `<dir>/influence-<hash>.json`, written atomically
 * (temp file + rename). A file that does not match (other hash, wrong shape)
 * is ignored and rewritten. Version 2 added the DRAM part (`dram`), version 3
 * its reads' influence on the cores (`coreFromAccess`); a version-2 DRAM part
 * lacks it, so it is computed again. A version-1 file (core H only) is still
 * read where it matches, i.e. for `dram: false` (the DRAM part changes the key,
 * so a request with it never matches one).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DramInfluence, InfluenceMatrix } from '@tasmoe/schemas';
import { computeInfluenceMatrix, influenceCacheKey, type InfluenceOptions, type ThermalArch } from '@tasmoe/thermal';

interface CacheFileDram {
  readonly dies: number;
  readonly fromCore: readonly number[];
  readonly fromAccess: readonly number[];
  readonly accessDieShare: readonly number[];
  readonly coreFromAccess: readonly number[];
  readonly fromBanks: readonly number[];
}

interface CacheFile {
  readonly version: 1 | 2 | 3;
  readonly key: string;
  readonly coreCount: number;
  readonly ambientC: number;
  readonly data: readonly number[];
  readonly dram?: CacheFileDram;
}

const finiteArray = (a: unknown, length: number): a is number[] =>
  Array.isArray(a) && a.length === length && a.every((v) => typeof v === 'number' && Number.isFinite(v));

function parseDram(d: Partial<CacheFileDram>, n: number): DramInfluence | undefined {
  const dies = d.dies;
  if (typeof dies !== 'number' || !Number.isInteger(dies) || dies < 1) return undefined;
  if (
    !finiteArray(d.fromCore, dies * n * n) ||
    !finiteArray(d.fromAccess, dies * n * n) ||
    !finiteArray(d.accessDieShare, dies) ||
    !finiteArray(d.coreFromAccess, n * n) ||
    !finiteArray(d.fromBanks, dies * n)
  )
    return undefined;
  return {
    dies,
    fromCore: Float64Array.from(d.fromCore),
    fromAccess: Float64Array.from(d.fromAccess),
    accessDieShare: Float64Array.from(d.accessDieShare),
    coreFromAccess: Float64Array.from(d.coreFromAccess),
    fromBanks: Float64Array.from(d.fromBanks),
  };
}

function parse(text: string, key: string, wantDram: boolean): InfluenceMatrix | undefined {
  try {
    const j = JSON.parse(text) as Partial<CacheFile>;
    const n = j.coreCount;
    if (
      (j.version !== 1 && j.version !== 2 && j.version !== 3) ||
      j.key !== key ||
      typeof n !== 'number' ||
      typeof j.ambientC !== 'number' ||
      !finiteArray(j.data, n * n)
    )
      return undefined;
    const dram = j.dram === undefined ? undefined : parseDram(j.dram, n);
    if (wantDram && dram === undefined) return undefined;
    return {
      coreCount: n,
      ambientC: j.ambientC,
      data: Float64Array.from(j.data),
      ...(wantDram && dram !== undefined ? { dram } : {}),
    };
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
  const wantDram = opts.dram !== false;
  const cached = text === undefined ? undefined : parse(text, key, wantDram);
  if (cached !== undefined) return cached;
  const h = computeInfluenceMatrix(arch, opts);
  const d = h.dram;
  const body: CacheFile = {
    version: 3,
    key,
    coreCount: h.coreCount,
    ambientC: h.ambientC,
    data: Array.from(h.data),
    ...(d === undefined
      ? {}
      : {
          dram: {
            dies: d.dies,
            fromCore: Array.from(d.fromCore),
            fromAccess: Array.from(d.fromAccess),
            accessDieShare: Array.from(d.accessDieShare),
            coreFromAccess: Array.from(d.coreFromAccess),
            fromBanks: Array.from(d.fromBanks),
          },
        }),
  };
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body)}\n`);
  renameSync(tmp, file);
  return h;
}
