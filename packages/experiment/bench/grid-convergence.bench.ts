/**
 * Grid convergence of the run-all headline numbers (T_peak_logic, T_peak_dram = the hottest
 * grid cell of the logic die / of any DRAM die over the measured windows), not a unit test.
 * Two measurements, both printed as tables against the finest grid:
 *
 * - shadow (default): each scenario runs once on the configured back end (`thermal.grid` of the
 *   arch) and shadow-thermal.ts steps embedded back ends at every --grids size with the loop's
 *   block powers. All grids see one power sequence, so the table is the discretisation error of
 *   the thermal model alone.
 * - closed (--closed): one run-all per grid (copies of the arch config with only `thermal.grid`
 *   changed). DVFS and refresh feed the grid's temperatures back, so a scenario near a refresh or
 *   trip step runs differently per grid: this table adds that feedback to the model error.
 *
 * From the repository root (defaults: the default configs, grids 64,32,16, baseline and taps):
 *   npx -y pnpm@10.34.0 --filter @tasmoe/experiment bench:grid-convergence -- \
 *     [--grids 64,32,16] [--scenarios baseline,taps] [--max-windows N] [--tas FILE] [--arch FILE] [--closed]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const grids = opt('grids', '64,32,16')
  .split(',')
  .map(Number)
  .sort((a, b) => b - a);
const scenarios = opt('scenarios', 'baseline,taps').split(',');
const maxWindows = opt('max-windows', '');
const userCwd = process.env.INIT_CWD ?? process.cwd();
const tas = resolve(userCwd, opt('tas', join(root, 'configs/tas_params.yaml')));
const arch = resolve(userCwd, opt('arch', join(root, 'configs/arch_8x8_32x32x8.yaml')));
const closed = args.includes('--closed');
const work = mkdtempSync(join(tmpdir(), 'tasmoe-grid-convergence-'));

const run = promisify(execFile);
async function runAll(extra: string[], env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  await run(
    process.execPath,
    [
      '--import',
      'tsx/esm',
      '--conditions=@tasmoe/source',
      join(root, 'apps/cli/src/bin.ts'),
      'run-all',
      '--tas',
      tas,
      '--no-report',
      '--no-resume',
      '--force',
      ...(maxWindows !== '' ? ['--max-windows', maxWindows] : []),
      ...extra,
    ],
    { cwd: root, env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
  );
  return (performance.now() - t0) / 1000;
}

function csvRows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = (head ?? '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i] ?? '', v])));
}

/** The scenario's summary row of a run-all folder (the CSV the user reads). */
function summary(dir: string, scenario: string): Record<string, string> {
  const file = readFileSync(join(dir, scenario, 'run.json'), 'utf8');
  const workload = (JSON.parse(file) as { workload?: string }).workload ?? 'mixtral-8x7b';
  return csvRows(join(dir, scenario, `${workload}.csv`))[0] ?? {};
}

interface Peak {
  logic: number;
  dram: number;
  /** Largest per-window |error| against the finest grid (shadow mode). */
  winLogic: number;
  winDram: number;
}
const peakOf = new Map<string, Peak>(); // `${grid}/${scenario}`
const wall: string[] = [];

if (closed) {
  const text = readFileSync(arch, 'utf8');
  for (const g of grids) {
    const a = join(work, `arch${g}.yaml`);
    writeFileSync(a, text.replace(/^(\s*grid:\s*)\[\s*\d+\s*,\s*\d+\s*\]/m, `$1[${g}, ${g}]`));
    const out = join(work, `g${g}`);
    const s = await runAll(['--arch', a, '--out', out, '--scenarios', scenarios.join(',')]);
    wall.push(`${g}x${g} ${s.toFixed(0)} s`);
    for (const sc of scenarios) {
      const row = summary(out, sc);
      peakOf.set(`${g}/${sc}`, {
        logic: Number(row.T_peak_logic),
        dram: Number(row.T_peak_dram),
        winLogic: NaN,
        winDram: NaN,
      });
    }
  }
} else {
  // scenarios in parallel, one process each (the shadows make a window several times dearer)
  const secs = await Promise.all(
    scenarios.map((sc) =>
      runAll(
        [
          '--arch',
          arch,
          '--out',
          join(work, sc),
          '--scenarios',
          sc,
          '--parallel',
          '1',
          '--thermal-module',
          join(here, 'shadow-thermal.ts'),
        ],
        { TASMOE_SHADOW_GRIDS: grids.join(','), TASMOE_SHADOW_OUT: join(work, `${sc}.shadow.csv`) },
      ),
    ),
  );
  scenarios.forEach((sc, i) => {
    const out = join(work, sc);
    const file = join(work, `${sc}.shadow.csv`);
    const s = secs[i] as number;
    wall.push(`${sc} ${s.toFixed(0)} s`);
    const n = Number(summary(out, sc).windows);
    const rows = csvRows(file).slice(-n); // the measured windows (warm-up steps come first)
    const ref = grids[0] as number;
    for (const g of grids) {
      let lo = Number.NEGATIVE_INFINITY,
        dr = Number.NEGATIVE_INFINITY,
        wl = 0,
        wd = 0;
      for (const r of rows) {
        const l = Number(r[`g${g}_logic`]),
          d = Number(r[`g${g}_dram`]);
        lo = Math.max(lo, l);
        dr = Math.max(dr, d);
        wl = Math.max(wl, Math.abs(l - Number(r[`g${ref}_logic`])));
        wd = Math.max(wd, Math.abs(d - Number(r[`g${ref}_dram`])));
      }
      peakOf.set(`${g}/${sc}`, { logic: lo, dram: dr, winLogic: wl, winDram: wd });
    }
  });
}

const f = (x: number, s = false): string => (Number.isNaN(x) ? '   -  ' : `${s && x >= 0 ? '+' : ''}${x.toFixed(2)}`);
const ref = grids[0] as number;
const base = scenarios[0] as string;
console.log(
  `grid convergence (${closed ? 'closed loop, one run per grid' : 'shadow: one power sequence per scenario'}; ${maxWindows === '' ? 'all' : maxWindows} windows; tas ${tas}; arch ${arch})`,
);
console.log(
  'grid   scenario   T_peak_logic (vs ref)  T_peak_dram (vs ref)  -base logic (vs ref)  -base dram (vs ref)  worst window logic / dram',
);
for (const g of grids) {
  for (const sc of scenarios) {
    const p = peakOf.get(`${g}/${sc}`) as Peak,
      r = peakOf.get(`${ref}/${sc}`) as Peak;
    const pb = peakOf.get(`${g}/${base}`) as Peak,
      rb = peakOf.get(`${ref}/${base}`) as Peak;
    const dl = p.logic - pb.logic,
      dd = p.dram - pb.dram,
      rl = r.logic - rb.logic,
      rd = r.dram - rb.dram;
    console.log(
      `${`${g}x${g}`.padEnd(6)} ${sc.padEnd(9)}  ${f(p.logic)} (${f(p.logic - r.logic, true)})       ${f(p.dram)} (${f(p.dram - r.dram, true)})      ${sc === base ? '      -      ' : `${f(dl, true)} (${f(dl - rl, true)})`}         ${sc === base ? '      -      ' : `${f(dd, true)} (${f(dd - rd, true)})`}        ${f(p.winLogic)} / ${f(p.winDram)}`,
    );
  }
}
console.log(`wall: ${wall.join(', ')} (load average ${loadavg()[0]?.toFixed(1)})`);
rmSync(work, { recursive: true, force: true });
