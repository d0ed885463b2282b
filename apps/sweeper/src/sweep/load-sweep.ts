/**
 * Read a sweep file and its base configs (paths relative to the sweep file;
 * the shipped defaults where the sweep names none) and expand it into points.
 * Every problem is an InputValidationError naming the file and field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  InputValidationError,
  parseConfigText,
  parseSweepText,
  resolveArchPaths,
  resolveWorkloadPaths,
  type ConfigKind,
  type InputIssue,
  type SweepSpec,
} from '@tasmoe/schemas';
import { expandSweep } from './expand.js';
import type { PointConfigs, SweepPoint } from './point.js';

/** The shipped default configs (as `tasmoe run-all` uses them). */
export const DEFAULT_BASE_CONFIGS: Record<ConfigKind, string> = {
  arch: 'configs/arch_8x8_32x32x8.yaml',
  workload: 'configs/workload_mixtral_8x7b.yaml',
  tas: 'configs/tas_params.yaml',
};

/** The repository root: four levels above apps/sweeper/src/sweep (or dist/sweep). */
export function repoRoot(): string {
  return path.resolve(import.meta.dirname, '..', '..', '..', '..');
}

export interface LoadedSweep {
  readonly file: string;
  readonly spec: SweepSpec;
  readonly basePaths: Readonly<Record<ConfigKind, string>>;
  readonly base: PointConfigs;
  readonly points: readonly SweepPoint[];
}

function readText(file: string, from: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const why =
      (err as { code?: unknown }).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new InputValidationError(
      'CONFIG_INVALID',
      [{ file: from, path: field, message: `cannot read ${file}: ${why}` }],
      { cause: err },
    );
  }
}

export function loadSweep(file: string): LoadedSweep {
  const abs = path.resolve(file);
  const spec = parseSweepText(readText(abs, file, ''), file);
  const dir = path.dirname(abs);
  const basePaths = {
    arch:
      spec.base.arch === undefined
        ? path.join(repoRoot(), DEFAULT_BASE_CONFIGS.arch)
        : path.resolve(dir, spec.base.arch),
    workload:
      spec.base.workload === undefined
        ? path.join(repoRoot(), DEFAULT_BASE_CONFIGS.workload)
        : path.resolve(dir, spec.base.workload),
    tas:
      spec.base.tas === undefined ? path.join(repoRoot(), DEFAULT_BASE_CONFIGS.tas) : path.resolve(dir, spec.base.tas),
  };
  const issues: InputIssue[] = [];
  const parse = <K extends ConfigKind>(kind: K) => {
    try {
      return parseConfigText(kind, readText(basePaths[kind], file, `base.${kind}`), basePaths[kind]);
    } catch (err) {
      if (!(err instanceof InputValidationError)) throw err;
      issues.push(...err.issues);
      return undefined;
    }
  };
  const parsedArch = parse('arch');
  // a path inside the base arch config (the HotSpot binary) means the same from every point's folder
  const arch = parsedArch === undefined ? undefined : resolveArchPaths(parsedArch, path.dirname(basePaths.arch));
  const parsedWorkload = parse('workload');
  // and so does the workload's routing.counts_file
  const workload =
    parsedWorkload === undefined ? undefined : resolveWorkloadPaths(parsedWorkload, path.dirname(basePaths.workload));
  const tas = parse('tas');
  if (arch === undefined || workload === undefined || tas === undefined)
    throw new InputValidationError('CONFIG_INVALID', issues);
  const base: PointConfigs = { arch, workload, tas };
  return { file: abs, spec, basePaths, base, points: expandSweep(spec, base, { file }) };
}
