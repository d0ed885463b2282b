/**
 * Where a window of the closed loop spends its time, by stage: the real loop
 * (`runScenario`, default configs, embedded thermal back end, baseline with
 * TACS in shadow as run-all runs it) under V8's sampling profiler, each sample
 * attributed to the innermost stage on its stack. Prints ms per window and
 * each stage's share. Sampling adds ~5-10 % and the numbers include set-up
 * (placement, influence matrix, warm-up), reported apart.
 *
 * Run: pnpm --filter @tasmoe/experiment bench [-- --windows N --scenario S --tas FILE --arch FILE]
 */
import { readFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseConfigText,
  resolveWorkloadPaths,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type Scenario,
} from '@tasmoe/schemas';
import { createArchThermalBackend } from '@tasmoe/comet-adapter';
import { computeInfluenceMatrix } from '@tasmoe/thermal';
import { nullLogger } from '../src/runner/run-log.js';
import { runScenario } from '../src/loop/scenario-loop.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const windows = Number(arg('windows', '6000'));
const scenario = arg('scenario', 'baseline') as Scenario;
const tasFile = arg('tas', '') === '' ? '' : resolve(process.env.INIT_CWD ?? process.cwd(), arg('tas', ''));
const userCwd = process.env.INIT_CWD ?? process.cwd();
const archFile = arg('arch', '') === '' ? '' : resolve(userCwd, arg('arch', ''));

const configs = fileURLToPath(new URL('../../../configs/', import.meta.url));
const read = (f: string) => readFileSync(f, 'utf8');
const arch = parseConfigText(
  'arch',
  read(archFile === '' ? `${configs}arch_8x8_32x32x8.yaml` : archFile),
) as ResolvedArchConfig;
const workload = resolveWorkloadPaths(
  parseConfigText('workload', read(`${configs}workload_mixtral_8x7b.yaml`)) as ResolvedWorkloadConfig,
  configs,
) as ResolvedWorkloadConfig;
const tas = parseConfigText('tas', read(tasFile === '' ? `${configs}tas_params.yaml` : tasFile)) as ResolvedTasParams;

/** Stages, innermost match wins; a sample matching none is "other" (set-up, GC shows as its own). */
const STAGES: readonly (readonly [string, (fn: string, url: string) => boolean])[] = [
  ['thermal step', (fn, url) => url.includes('/thermal/') && fn !== ''],
  ['trace generation', (_fn, url) => url.includes('/traces/')],
  ['physicalize', (_fn, url) => url.includes('/physicalizer/')],
  ['online (TACS)', (_fn, url) => url.includes('/tacs/') || url.endsWith('online-lane.ts')],
  ['power', (_fn, url) => url.includes('/comet-adapter/src/power/') && !url.endsWith('thermal-trip.ts')],
  ['DVFS + refresh', (_fn, url) => /comet-adapter\/src\/(hardware|dvfs|refresh)\//.test(url)],
  ['trip check', (_fn, url) => url.endsWith('thermal-trip.ts')],
  ['metrics + CSV', (fn, url) => url.includes('/metrics/') || url.includes('csv-stringify') || fn === 'windowRecord'],
  ['observers', (_fn, url) => url.endsWith('observers.ts') || url.endsWith('telemetry-view.ts')],
  ['loop glue', (_fn, url) => url.endsWith('closed-loop.ts') || url.endsWith('submit-events-to-comet.ts')],
  ['gc', (fn) => fn === '(garbage collector)'],
];
const SETUP = new Set(['choosePlacement', 'startFromWarmUp', 'computeInfluenceMatrix']);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const influence = computeInfluenceMatrix(arch);
await session.post('Profiler.start');
const t0 = performance.now();
const res = await runScenario({
  arch,
  workload,
  tas,
  scenario,
  ...(scenario === 'baseline' ? { shadowOf: 'tacs' } : scenario === 'taps' ? { shadowOf: 'tas' } : {}),
  workloadName: workload.model,
  createThermal: (a) => createArchThermalBackend(a, { reuseSnapshotArrays: true }),
  influence,
  logger: nullLogger,
  maxWindows: windows,
  windowsSink: () => {},
});
const wallMs = performance.now() - t0;
const { profile } = (await session.post('Profiler.stop')) as { profile: Profiler.Profile };
session.disconnect();

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const memo = new Map<number, string>();
function stageOf(id: number): string {
  const hit = memo.get(id);
  if (hit !== undefined) return hit;
  let stage = 'other';
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const { functionName: fn, url } = (nodes.get(cur) as Profiler.ProfileNode).callFrame;
    if (SETUP.has(fn)) {
      stage = 'set-up (placement, warm-up)';
      break;
    }
    const s = STAGES.find(([, match]) => match(fn, url));
    if (s !== undefined && stage === 'other') stage = s[0];
  }
  memo.set(id, stage);
  return stage;
}
const ms = new Map<string, number>();
/** Self time by function within each stage (--top N prints the N largest per stage). */
const selfMs = new Map<string, Map<string, number>>();
const top = Number(arg('top', '0'));
const deltas = profile.timeDeltas ?? [];
let total = 0;
for (let i = 0; i < (profile.samples ?? []).length; i++) {
  const d = (deltas[i] ?? 0) / 1000;
  total += d;
  const s = stageOf((profile.samples ?? [])[i] as number);
  ms.set(s, (ms.get(s) ?? 0) + d);
  if (top > 0) {
    const { functionName, url, lineNumber } = (nodes.get((profile.samples ?? [])[i] as number) as Profiler.ProfileNode)
      .callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|apps|node_modules)\//, '')}:${lineNumber + 1}`;
    const m = selfMs.get(s) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + d);
    selfMs.set(s, m);
  }
}
const setupMs = ms.get('set-up (placement, warm-up)') ?? 0;
const loopMs = total - setupMs;
console.log(
  `loop-stages: ${scenario}, ${res.windows} windows, wall ${wallMs.toFixed(0)} ms (sampled ${total.toFixed(0)} ms, set-up ${setupMs.toFixed(0)} ms)`,
);
console.log(`${'stage'.padEnd(28)} ${'ms/window'.padStart(10)} ${'share'.padStart(7)}`);
for (const [s, v] of [...ms].sort((a, b) => b[1] - a[1])) {
  if (s === 'set-up (placement, warm-up)') continue;
  console.log(
    `${s.padEnd(28)} ${(v / res.windows).toFixed(4).padStart(10)} ${`${((100 * v) / loopMs).toFixed(1)}%`.padStart(7)}`,
  );
  for (const [k, t] of [...(selfMs.get(s) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`    ${(t / res.windows).toFixed(4).padStart(8)}  ${k}`);
}
console.log(`${'per window (loop)'.padEnd(28)} ${(loopMs / res.windows).toFixed(4).padStart(10)}`);
