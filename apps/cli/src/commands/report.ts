/**
 * `tasmoe report DIR`: figures (SVG + PNG) and a self-contained report.html
 * from a results folder, read from its CSV/JSON files alone (so old runs can
 * be re-plotted). A missing or malformed results file exits 2 naming it.
 */
import type { Command } from 'commander';
import { CommandError, buildReportOnThreads, resolveUserPath, type Io } from '@tasmoe/experiment';

interface ReportOptions {
  png: boolean;
  svg: boolean;
  maxPoints?: string;
  quiet?: boolean;
}

export function registerReportCommand(program: Command, io: Io): Command {
  return program
    .command('report')
    .description('build figures (SVG, PNG) and a self-contained report.html from a results folder')
    .argument('<dir>', 'results folder written by run-all (run-all.json, <scenario>/<workload>.csv, ...)')
    .option('--no-png', 'skip the PNG figures (SVG only)')
    .option('--no-svg', 'skip all static figures (report.html only)')
    .option('--max-points <n>', 'time-series points per scenario (windows are bucketed above this)', '1000')
    .option('-q, --quiet', 'no progress lines')
    .action(async (dir: string, opts: ReportOptions) => {
      const maxPoints = Number(opts.maxPoints ?? '1000');
      if (!Number.isInteger(maxPoints) || maxPoints < 10)
        throw new CommandError('USAGE', `--max-points must be an integer >= 10, got "${opts.maxPoints}"`);
      const started = Date.now();
      // one layout thread (PNGs convert on their own thread): a second one's start (tsx, vega) cost
      // more than it saved here, 4.8 s vs 5.2 s median; run-all starts it early, while a lane runs
      const r = await buildReportOnThreads(resolveUserPath(dir), 1, {
        maxPoints,
        svg: opts.svg,
        png: opts.png && opts.svg,
        ...(opts.quiet === true ? {} : { onProgress: (m: string) => io.err(`report: ${m}`) }),
      });
      if (r === undefined) throw new Error('@tasmoe/metrics provides no buildReport');
      for (const n of r.notes) io.err(`note: ${n}`);
      io.out(
        `wrote ${r.html} and ${r.figures.length} figure file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
}
