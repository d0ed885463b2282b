/**
 * Per-window CPU cost of each stage of the closed loop (not a unit test): one scenario of
 * `tasmoe run-all` (in-process, --parallel 1) under V8's sampling profiler; each sample is
 * charged to the innermost loop stage on its stack (table below), and the sums are divided
 * by the windows stepped (measured + warm-up). The profiler adds a few percent; the load
 * average is printed because the machine is shared.
 *
 * From the repository root:
 *   npx -y pnpm@10.34.0 --filter @tasmoe/experiment bench:loop-stages -- \
 *     [--scenario baseline] [--max-windows 10000] [--tas FILE] [--arch FILE]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const userCwd = process.env.INIT_CWD ?? process.cwd();
const scenario = opt('scenario', 'baseline');
const maxWindows = opt('max-windows', '10000');
const tas = resolve(userCwd, opt('tas', join(root, 'configs/tas_params.yaml')));
const arch = resolve(userCwd, opt('arch', join(root, 'configs/arch_8x8_32x32x8.yaml')));

/** Stage <- function names (innermost match wins; file names keep same-named functions apart). */
const STAGES: readonly (readonly [string, string, string])[] = [
  ['thermal step (embedded back end)', 'step', 'embedded-backend.ts'],
  ['power (computePowerFromEvents)', 'computePowerFromEvents', 'window-power.ts'],
  ['DVFS + refresh state (nextHardwareState)', 'nextHardwareState', 'next-hardware-state.ts'],
  ['block temps -> C (fromBlockTempsK)', 'fromBlockTempsK', 'block-vectors.ts'],
  ['thermal trip check', 'checkThermalTrip', 'thermal-trip.ts'],
  ['physicalize (lowering, transfers)', 'physicalize', 'closed-loop.ts'],
  ['online policy (overlays)', 'onlineOverlays', 'online-lane.ts'],
  ['online policy (observe)', 'observeWindow', 'online-lane.ts'],
  ['window record', 'windowRecord', 'window-record.ts'],
  ['observers (metrics, series, frames)', 'window', 'observers.ts'],
  ['other per-window (submitEventsToComet)', 'submitEventsToComet', 'submit-events-to-comet.ts'],
  ['other per-window (stepWindow)', 'stepWindow', 'closed-loop.ts'],
  ['garbage collection (whole run)', '(garbage collector)', ''],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const work = mkdtempSync(join(tmpdir(), 'tasmoe-loop-stages-'));
try {
  const prof = join(work, 'prof');
  const out = join(work, 'out');
  execFileSync(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${prof}`,
      '--import',
      'tsx/esm',
      '--conditions=@tasmoe/source',
      join(root, 'apps/cli/src/bin.ts'),
      'run-all',
      '--arch',
      arch,
      '--tas',
      tas,
      '--scenarios',
      scenario,
      '--parallel',
      '1',
      '--max-windows',
      maxWindows,
      '--out',
      out,
      '--no-report',
      '--no-resume',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const log = readFileSync(join(out, scenario, 'run.log'), 'utf8');
  const runJson = JSON.parse(readFileSync(join(out, scenario, 'run.json'), 'utf8')) as { windows: number };
  const warm = Number(/of a (\d+)-window closed-loop warm-up/.exec(log)?.[1] ?? 0);
  const windows = runJson.windows + warm;
  const byStage = new Map<string, number>();
  let loopUs = 0;
  for (const f of readdirSync(prof)) {
    const p = JSON.parse(readFileSync(join(prof, f), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stageOf = new Map<number, string | undefined>();
    const find = (id: number): string | undefined => {
      if (stageOf.has(id)) return stageOf.get(id);
      const n = byId.get(id);
      let s: string | undefined;
      if (n !== undefined) {
        const hit = STAGES.find(([, fn, file]) => n.callFrame.functionName === fn && n.callFrame.url.endsWith(file));
        s = hit !== undefined ? hit[0] : parent.has(id) ? find(parent.get(id) as number) : undefined;
      }
      stageOf.set(id, s);
      return s;
    };
    p.samples.forEach((id, i) => {
      const s = find(id);
      if (s === undefined) return;
      const dt = p.timeDeltas[i] ?? 0;
      byStage.set(s, (byStage.get(s) ?? 0) + dt);
      loopUs += dt;
    });
  }
  console.log(
    `loop stages, scenario ${scenario}, ${windows} windows (${runJson.windows} measured + ${warm} warm-up), arch ${arch}; load average ${loadavg()[0]?.toFixed(1)}`,
  );
  for (const [name] of STAGES) {
    const us = byStage.get(name) ?? 0;
    console.log(
      `  ${name.padEnd(42)} ${(us / windows).toFixed(1).padStart(7)} us/window  ${((100 * us) / loopUs).toFixed(1).padStart(5)} %`,
    );
  }
  console.log(`  ${'all stages'.padEnd(42)} ${(loopUs / windows).toFixed(1).padStart(7)} us/window`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
