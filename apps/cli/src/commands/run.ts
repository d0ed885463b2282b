/**
 * `tasmoe run-all` (the seed's reproduction command, section 9.4) and
 * `tasmoe run-single --scenario S`. Configs are parsed, resolved and validated
 * before anything is written; results go to --out (resolved against the folder
 * the user ran the command from).
 */
import type { Command } from 'commander';
import { METRICS_COLUMNS, SCENARIOS, ScenarioSchema, type MetricsRow, type Scenario } from '@tasmoe/schemas';
import { readConfig } from '../read-config.js';
import { dramResolutionNote } from '@tasmoe/metrics';
import {
  CommandError,
  loadPolicyRegistry,
  policyModuleRefs,
  resolveUserPath,
  jsonProgress,
  lineProgress,
  ttyProgress,
  runAll,
  startWarnings,
  withinNoise,
  type Io,
  type PolicyRegistry,
  type ProgressSink,
  type SummaryRow,
} from '@tasmoe/experiment';

export interface RunCommandOptions {
  arch: string;
  workload: string;
  tas: string;
  out: string;
  parallel?: string;
  verbose?: boolean;
  json?: boolean;
  report: boolean;
  resume: boolean;
  maxWindows?: string;
  thermalModule?: string;
  shareIdleTacs: boolean;
  repeats?: string;
  scenarios?: string;
  force?: boolean;
  allowLarge?: boolean;
  policy?: string[];
  traces?: string;
  traceThreads?: string;
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new CommandError('USAGE', `--${name} expects a positive integer, got "${v}"`);
  return n;
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4)) : String(v);
}

/**
 * The metrics the terminal tables show: the seed's (after scenario and workload), then a few extras,
 * among them how thermally constrained the run was (share of windows at or above Thot, the
 * core-time share below nominal DVFS).
 */
const TABLE_METRICS = [
  ...METRICS_COLUMNS.slice(2),
  'lat_p99_ms',
  'migrations',
  'reroutes',
  'hot_window_share',
  'throttled_fraction',
];

export function summaryTable(rows: readonly MetricsRow[]): string[] {
  const cols = ['scenario', ...TABLE_METRICS];
  const cells = [cols, ...rows.map((r) => cols.map((c) => fmt(r[c])))];
  const widths = cols.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  '));
}

/**
 * With repeats: mean +- half the 95 % interval per scenario and metric; a scenario's cell is marked
 * "~" when its paired difference to baseline has an interval containing 0 (within noise).
 */
export function repeatsTable(summary: readonly SummaryRow[]): string[] {
  const scenarios = [...new Set(summary.map((r) => r.scenario))];
  const cols = TABLE_METRICS.filter((m) => summary.some((r) => r.metric === m));
  const cell = (s: string, m: string): string => {
    const r = summary.find((x) => x.scenario === s && x.metric === m);
    if (r === undefined) return '';
    const half = (r.ci95_high - r.ci95_low) / 2;
    const noise = s !== 'baseline' && withinNoise(r.delta_ci95_low, r.delta_ci95_high) ? '~' : '';
    return `${fmt(r.mean)}${Number.isFinite(half) ? `±${fmt(half)}` : ''}${noise}`;
  };
  const cells = [['scenario', ...cols], ...scenarios.map((s) => [s, ...cols.map((m) => cell(s, m))])];
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? [];
  return cells.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  '));
}

function scenarioList(text: string | undefined, fallback: readonly Scenario[], registry: PolicyRegistry): Scenario[] {
  if (text === undefined) return [...fallback];
  const names = text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const out: Scenario[] = [];
  for (const n of names) {
    const s = ScenarioSchema.safeParse(n);
    if (!s.success || !registry.has(s.data))
      throw new CommandError(
        'USAGE',
        `--scenarios: unknown scenario "${n}" (known: ${registry.names().join(', ')}; --policy FILE adds a module's)`,
      );
    if (!out.includes(s.data)) out.push(s.data);
  }
  if (out.length === 0) throw new CommandError('USAGE', '--scenarios names no scenario');
  return out;
}

/** The registry of the built-in scenarios and the --policy modules (each imported and checked). */
function registryOf(opts: RunCommandOptions): Promise<PolicyRegistry> {
  return loadPolicyRegistry(policyModuleRefs(policyFiles(opts)));
}

function policyFiles(opts: RunCommandOptions): string[] {
  return (opts.policy ?? []).map((f) => resolveUserPath(f));
}

/** Rows whose run ended before any decode step finished: their ips and latency are 0 by construction. */
export function unfinishedWarnings(rows: readonly MetricsRow[], maxWindows: number | undefined): string[] {
  return rows
    .filter((r) => Number(r.tokens ?? 0) === 0)
    .map(
      (r) =>
        `warning: ${r.scenario}: no decode step finished${maxWindows === undefined ? '' : ` within --max-windows ${maxWindows}`}: ips and lat_ms are 0, not measurements`,
    );
}

async function execute(
  scenarios: readonly Scenario[],
  opts: RunCommandOptions,
  io: Io,
  summary: boolean,
): Promise<number> {
  const configs = {
    arch: readConfig('arch', opts.arch),
    workload: readConfig('workload', opts.workload),
    tas: readConfig('tas', opts.tas),
  };
  const parallel = positiveInt('parallel', opts.parallel);
  const maxWindows = positiveInt('max-windows', opts.maxWindows);
  const repeats = positiveInt('repeats', opts.repeats);
  const traceThreads = positiveInt('trace-threads', opts.traceThreads);
  const outDir = resolveUserPath(opts.out);
  const progress: ProgressSink = opts.json
    ? jsonProgress(io.out)
    : process.stderr.isTTY
      ? ttyProgress(process.stderr, scenarios)
      : lineProgress(io.err);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new CommandError('INTERRUPTED', 'interrupted'));
  process.once('SIGINT', onSigint);
  try {
    const res = await runAll({
      configs,
      outDir,
      scenarios,
      ...(parallel !== undefined ? { parallel } : {}),
      verbose: opts.verbose ?? false,
      report: opts.report,
      resume: opts.resume,
      shareIdleTacs: opts.shareIdleTacs,
      force: opts.force ?? false,
      allowLarge: opts.allowLarge ?? false,
      summary,
      progress,
      signal: controller.signal,
      ...(maxWindows !== undefined ? { maxWindows } : {}),
      ...(repeats !== undefined ? { repeats } : {}),
      ...(opts.policy !== undefined && opts.policy.length > 0 ? { policyFiles: policyFiles(opts) } : {}),
      ...(opts.thermalModule !== undefined ? { thermalModule: resolveUserPath(opts.thermalModule) } : {}),
      ...(opts.traces !== undefined ? { tracesDir: resolveUserPath(opts.traces) } : {}),
      ...(traceThreads !== undefined ? { traceThreads } : {}),
    });
    for (const w of unfinishedWarnings(res.rows, maxWindows)) io.err(w);
    for (const w of startWarnings(res.manifests)) io.err(w);
    if (opts.json)
      io.out(
        JSON.stringify({
          type: 'result',
          outDir,
          skipped: res.skipped,
          rows: res.rows,
          ...(res.repeats > 1 ? { summary: res.summary } : {}),
        }),
      );
    else {
      if (res.repeats > 1) {
        for (const line of repeatsTable(res.summary)) io.out(line);
        io.out(
          `mean ±95% t-interval over ${res.repeats} repeats (seeds paired across scenarios); ~ = difference to baseline within noise; ${outDir}/summary.csv`,
        );
      } else for (const line of summaryTable(res.rows)) io.out(line);
      const { grid, sub_cell_banks, backend } = configs.arch.thermal;
      const [bx, by] = configs.arch.dram.banks;
      const dramNote = dramResolutionNote({ grid, banks: [bx, by], subCellBanks: sub_cell_banks, backend });
      if (dramNote !== undefined) io.out(`note: ${dramNote}`);
      io.out(
        `results in ${outDir}${res.skipped.length > 0 ? ` (skipped, already complete: ${res.skipped.join(', ')})` : ''}`,
      );
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function registerRunCommands(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
  defaults: { arch: string; workload: string; tas: string },
): void {
  const common = (c: Command) =>
    c
      .option('--arch <file>', 'hardware config', defaults.arch)
      .option('--workload <file>', 'workload config', defaults.workload)
      .option('--tas <file>', 'TAPS/TACS params', defaults.tas)
      .option('--out <dir>', 'output folder', 'results')
      .option('--parallel <n>', 'scenarios run at once in worker threads (default: available cores)')
      .option('--verbose', 'scheduling decisions at DEBUG in run.log')
      .option('--json', 'machine-readable progress events and result on stdout')
      .option('--no-report', 'do not build the HTML report')
      .option('--no-resume', 'rerun scenarios even when complete results with the same configuration exist')
      .option('--max-windows <n>', 'stop each scenario after n windows (quick looks, tests)')
      .option(
        '--thermal-module <file>',
        'module exporting createThermal(arch) to use instead of the configured thermal back end',
      )
      .option(
        '--repeats <n>',
        'runs per scenario on derived trace seeds, summarised with 95% intervals in summary.csv (default 1)',
      )
      .option(
        '--policy <file>',
        'ES module (JS or TS) exporting placement / online policies; its scenarios can then be named in --scenarios (repeatable; see docs/policies.md)',
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .option('--force', 'run even when --out holds results of another configuration (they are replaced)')
      .option(
        '--allow-large',
        'run even when the estimated windows, memory or disk of the run exceed what this machine allows',
      )
      .option(
        '--traces <dir>',
        'replay this recorded logical trace (logical_compute.csv, logical_memory.csv, trace_meta.json, as gen-traces writes) instead of generating it; its workload must be --workload',
      )
      .option(
        '--trace-threads <n>',
        'threads that parse the --traces CSVs in each scenario (default 1; same chunks and errors with any n): 2 for one scenario on a long trace, while parallel scenarios already use the cores',
      )
      .option(
        '--no-share-idle-tacs',
        'simulate tacs / tas on their own from the start even when TACS, evaluated in shadow on the baseline / taps run, never acts or first acts in its measured pass (the results are identical; sharing skips the repeat, or continues from that window)',
      );

  common(
    program
      .command('run-all')
      .description('run baseline, taps, tacs and tas (or --scenarios) and write results, plots and a report'),
  )
    .option(
      '--scenarios <list>',
      'comma-separated scenarios to run (default: baseline,taps,tacs,tas; also eplb, eplb-tacs, and the scenarios of --policy modules)',
    )
    .action(async (opts: RunCommandOptions) =>
      setExit(await execute(scenarioList(opts.scenarios, SCENARIOS, await registryOf(opts)), opts, io, true)),
    );
  common(program.command('run-single').description('run one scenario'))
    .requiredOption(
      '--scenario <name>',
      "baseline | taps | tacs | tas | eplb | eplb-tacs | a --policy module's scenario",
    )
    .action(async (opts: RunCommandOptions & { scenario: string }) => {
      const registry = await registryOf(opts);
      const s = ScenarioSchema.safeParse(opts.scenario);
      if (!s.success || !registry.has(s.data))
        throw new CommandError(
          'USAGE',
          `unknown scenario "${opts.scenario}": expected one of ${registry.names().join(', ')}`,
        );
      setExit(await execute([s.data], opts, io, false));
    });
}
