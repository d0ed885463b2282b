/**
 * Whole-program cost of `tasmoe thermal` per 3 ms transient step, measured as HotSpot 7.0's
 * was (reference README): (wall time of a 200-row transient run - wall time of the
 * steady-only run) / 200, both as separate processes of the CLI, output formatting and file
 * writes included. Inputs: the reference stack of case d_transient (32x32 unless given), its
 * 20 power rows repeated 10 times, initial state case a's steady output. Run from
 * packages/thermal:
 *   npx tsx --conditions=@tasmoe/source bench/hotspot-step.bench.ts [grid] [--grid-file] [--repeat N]
 * --grid-file also writes the per-step grid dump (-grid_transient_file, all layers).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, REFERENCE_DIR } from '../test/reference-dir.js';

const args = process.argv.slice(2);
const ri = args.indexOf('--repeat');
const repeat = ri >= 0 ? Number(args[ri + 1]) : 3;
// the grid is the first bare number that is not --repeat's value
const grid = Number(args.find((a, i) => /^\d+$/.test(a) && !(ri >= 0 && i === ri + 1)) ?? 32);
const gridFile = args.includes('--grid-file');
if (REFERENCE_DIR === undefined) throw new Error('reference data not found');
const root = findRepoRoot() ?? process.cwd();
const src = join(REFERENCE_DIR, 'd_transient');
const work = mkdtempSync(join(tmpdir(), 'tasmoe-hotspot-bench-'));
try {
  for (const f of readdirSync(src))
    if (f.endsWith('.flp') || f.endsWith('.lcf')) copyFileSync(join(src, f), join(work, f));
  const lines = readFileSync(join(src, 'power.ptrace'), 'utf8').trimEnd().split('\n');
  const rows = lines.slice(1);
  writeFileSync(
    join(work, 'power200.ptrace'),
    `${[lines[0], ...Array.from({ length: 10 }, () => rows).flat()].join('\n')}\n`,
  );
  const common = [
    '-p',
    'power200.ptrace',
    '-model_type',
    'grid',
    '-grid_layer_file',
    'stack.lcf',
    '-grid_map_mode',
    'avg',
    '-ambient',
    '318.15',
    '-init_temp',
    '318.15',
    '-r_convec',
    '0.1',
    '-c_convec',
    '140.4',
    '-s_sink',
    '0.06',
    '-t_sink',
    '0.0069',
    '-k_sink',
    '400.0',
    '-p_sink',
    '3.55e6',
    '-s_spreader',
    '0.03',
    '-t_spreader',
    '0.001',
    '-k_spreader',
    '400.0',
    '-p_spreader',
    '3.55e6',
    '-model_secondary',
    '0',
    '-leakage_used',
    '0',
    '-package_model_used',
    '0',
    '-dtm_used',
    '0',
    '-sampling_intvl',
    '0.003',
    '-grid_rows',
    String(grid),
    '-grid_cols',
    String(grid),
  ];
  const transient = [
    ...common,
    '-init_file',
    join(REFERENCE_DIR, 'a_uniform', `grid${grid}.steady`),
    '-o',
    'out.ttrace',
    '-steady_file',
    'out.steady',
    ...(gridFile ? ['-grid_transient_file', 'out.grid.ttrace'] : []),
  ];
  const steady = [...common, '-steady_file', 'out.steady'];
  const cli = [
    ...(process.env.BENCH_PROF !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
    '--import',
    'tsx/esm',
    '--conditions=@tasmoe/source',
    join(root, 'apps/cli/src/bin.ts'),
    'thermal',
  ];
  // wall time of the process, and its CPU time (user + sys, via /usr/bin/time when present: less sensitive to other jobs)
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const cpuFile = join(work, 'cpu.txt');
  const wall = (a: string[]): [number, number] => {
    const t0 = performance.now();
    const env = { ...process.env, INIT_CWD: work };
    if (timeBin !== undefined)
      execFileSync(timeBin, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...cli, ...a], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    else execFileSync(process.execPath, [...cli, ...a], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const w = performance.now() - t0;
    const cpu =
      timeBin !== undefined
        ? readFileSync(cpuFile, 'utf8')
            .trim()
            .split(/\s+/)
            .slice(-2)
            .reduce((x, v) => x + 1000 * Number(v), 0)
        : NaN;
    return [w, cpu];
  };
  const ts: number[] = [],
    ss: number[] = [],
    tc: number[] = [],
    sc: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const [sw, scpu] = wall(steady);
    const [tw, tcpu] = wall(transient);
    ss.push(sw);
    sc.push(scpu);
    ts.push(tw);
    tc.push(tcpu);
  }
  const med = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)] as number;
  const per = (med(ts) - med(ss)) / 200,
    perCpu = (med(tc) - med(sc)) / 200;
  console.log(
    `tasmoe thermal ${grid}x${grid}${gridFile ? ' (+ grid dump)' : ''}: transient ${med(ts).toFixed(0)} ms, steady-only ${med(ss).toFixed(0)} ms wall (medians of ${repeat}; load average ${loadavg()[0]?.toFixed(1)})`,
  );
  console.log(
    `per 3 ms step: ${per.toFixed(2)} ms wall (HotSpot 7.0: 2.7 s; ratio ${(2700 / per).toFixed(0)}x); CPU time ${perCpu.toFixed(2)} ms`,
  );
  // on a shared machine the fastest run of each kind is the least disturbed one
  const perMin = (Math.min(...ts) - Math.min(...ss)) / 200,
    perCpuMin = (Math.min(...tc) - Math.min(...sc)) / 200;
  console.log(`per 3 ms step from the fastest runs: ${perMin.toFixed(2)} ms wall, CPU time ${perCpuMin.toFixed(2)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
