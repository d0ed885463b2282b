/**
 * Repeats of a run-all: repeat r of every scenario runs on trace seed
 * `repeatSeed(seed, r)`, so the scenarios of one repeat see the same routing
 * and differences to baseline can be paired. Repeat 0 is the workload's own
 * seed: `--repeats 1` is the plain run.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '@tasmoe/schemas';
import { metricsCsv } from '@tasmoe/metrics';
import { writeFileAtomic } from './atomic-write.js';
import { scenarioFiles, type ScenarioConfigs, type ScenarioManifest } from './scenario-files.js';

/**
 * The seed of repeat r: seed + r x 0x9E3779B9 mod 2^32 (the golden-ratio increment; distinct for
 * every r < 2^32, and far apart in the seed space so per-step streams do not overlap).
 */
export function repeatSeed(seed: number, r: number): number {
  return r === 0 ? seed : (seed + Math.imul(r, 0x9e3779b9)) >>> 0;
}

export function withSeed(configs: ScenarioConfigs, seed: number): ScenarioConfigs {
  const { workload } = configs;
  return { ...configs, workload: { ...workload, routing: { ...workload.routing, seed } } };
}

export function repeatDir(outDir: string, r: number): string {
  return path.join(outDir, `repeat-${r}`);
}

/**
 * <outDir>/<scenario>/<workload>.csv with one row per repeat (columns `repeat` and `seed` added), and
 * repeat 0's window series, frames, placement and replica state beside it, so readers of a results
 * folder (the report) find one layout whatever the repeat count.
 */
export function writeRepeatFiles(
  outDir: string,
  scenario: Scenario,
  workloadName: string,
  manifests: readonly ScenarioManifest[],
): void {
  const top = scenarioFiles(outDir, scenario, workloadName);
  mkdirSync(top.dir, { recursive: true });
  writeFileAtomic(top.csv, metricsCsv(manifests.map((m, r) => ({ ...m.row, repeat: r, seed: m.seed }))));
  const first = scenarioFiles(repeatDir(outDir, 0), scenario, workloadName);
  for (const k of ['windows', 'frames', 'placement', 'replicaState'] as const) {
    if (existsSync(first[k])) copyFileSync(first[k], top[k]);
  }
}
