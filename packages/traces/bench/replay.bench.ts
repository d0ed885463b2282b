/**
 * Replay benchmark: a recorded trace (the generator's CSV export of the Mixtral
 * config) read back chunk by chunk, each run in a fresh child process:
 *  1. token-layer events per second from CSV (target >= 5 M/s): per CPU second with one
 *     thread, per wall second with two (parallel-trace.ts), from opening the trace;
 *  2. peak RSS replaying the trace at steps x1 and x10 (target: x10 within 10 % of x1).
 *  3. the bound from the bytes alone (read-bound.ts): raw read, one compare per byte, one
 *     digit parse per byte, as events per CPU second at this trace's bytes per event.
 * Each case runs BENCH_REPLAY_REPEATS times (default 3); the median is printed.
 * BENCH_REPLAY_MULTIPLIERS="1,10" (default) sets the lengths; the CSVs go to a
 * temporary folder removed afterwards (x10 is ~1.2 GB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfigText, resolveConfig } from '@tasmoe/schemas';
import { generateLogicalTraces } from '../src/index.js';
import { readBounds } from './read-bound.js';

const TARGET_EVENTS_PER_S = 5e6;
const RSS_FLAT = 0.1;
const repo = path.resolve(import.meta.dirname, '../../..');
const workload = path.join(repo, 'configs', 'workload_mixtral_8x7b.yaml');
const multipliers = (process.env.BENCH_REPLAY_MULTIPLIERS ?? '1,10').split(',').map(Number);
const base = parseConfigText('workload', readFileSync(workload, 'utf8'), workload);
const root = mkdtempSync(path.join(tmpdir(), 'tasmoe-replay-bench-'));

interface Replay {
  multiplier: number;
  events: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

function replay(m: number, dir: string, stepsPerChunk: number, threads: number): Replay {
  const child = path.join(import.meta.dirname, 'replay-rss.child.mjs');
  const out = execFileSync(
    process.execPath,
    [child, workload, String(m), dir, String(stepsPerChunk), String(threads)],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Replay;
}

const REPEATS = Number(process.env.BENCH_REPLAY_REPEATS ?? 3);

function median<T>(xs: readonly T[], key: (x: T) => number): T {
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)] as T;
}

/** (steps per chunk, parse threads): one thread is judged per CPU second, several per wall second. */
const CASES = [
  [1, 1],
  [16, 1],
  [1, 2],
] as const;

// the children replay through the built packages (dist/), as the CLI does
execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter', '@tasmoe/traces'], { cwd: repo, stdio: 'ignore' });

try {
  const results = new Map<number, Replay[]>();
  for (const m of multipliers) {
    const dir = path.join(root, `x${m}`);
    const cfg = resolveConfig('workload', { ...base, sequence: { ...base.sequence, steps: base.sequence.steps * m } });
    await generateLogicalTraces(cfg, dir);
    const files = [path.join(dir, 'logical_compute.csv'), path.join(dir, 'logical_memory.csv')];
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    const events = cfg.sequence.steps * cfg.sequence.micro_batch * (cfg.sequence.concurrency ?? 1) * cfg.moe.layers;
    console.log(
      `bound steps x${m} (${(bytes / events).toFixed(0)} bytes per event): ` +
        readBounds(files)
          .map(
            (b) =>
              `${b.name} ${(b.bytesPerCpuSecond / 1e9).toFixed(2)} GB per CPU-s = ${(b.bytesPerCpuSecond / (bytes / events) / 1e6).toFixed(1)} M events/s`,
          )
          .join(', '),
    );
    for (const [spc, threads] of CASES) {
      // the median run of REPEATS by rate; peak RSS is the median of the runs (a short run's peak
      // depends on when its collector ran)
      const runs = Array.from({ length: REPEATS }, () => replay(m, dir, spc, threads));
      const rateOf = (x: Replay) => (threads === 1 ? x.events / x.cpuSeconds : x.events / x.seconds);
      const r = { ...median(runs, rateOf), maxRssMb: median(runs, (x) => x.maxRssMb).maxRssMb };
      // one thread: CPU seconds of the replaying process (on a loaded machine wall time measures the
      // other processes); several: wall seconds from opening the trace, worker start included
      const rate = rateOf(r);
      console.log(
        `replay steps x${m} stepsPerChunk=${spc} parseThreads=${threads}, median of ${REPEATS} (${r.events} token-layer events, ${(bytes / 1e9).toFixed(2)} GB CSV): ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} CPU-s, ` +
          `${(r.events / r.cpuSeconds / 1e6).toFixed(2)} M events per CPU-s, ${(r.events / r.seconds / 1e6).toFixed(2)} M/s wall, peak RSS ${r.maxRssMb.toFixed(0)} MB | ` +
          `target ${(TARGET_EVENTS_PER_S / 1e6).toFixed(1)} M/s ${threads === 1 ? 'per CPU-s' : 'wall'}: x${(rate / TARGET_EVENTS_PER_S).toFixed(2)} ${rate >= TARGET_EVENTS_PER_S ? 'PASS' : 'FAIL'}`,
      );
      if (spc === 1) results.set(threads, [...(results.get(threads) ?? []), r]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [threads, rs] of results) {
    const first = rs[0];
    for (const r of rs.slice(1)) {
      if (first === undefined) break;
      const ratio = r.maxRssMb / first.maxRssMb;
      console.log(
        `parseThreads=${threads}: peak RSS x${r.multiplier} / x${first.multiplier}: ${ratio.toFixed(3)} | target within ${RSS_FLAT * 100} %: ${Math.abs(ratio - 1) <= RSS_FLAT ? 'PASS' : 'FAIL'}`,
      );
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
