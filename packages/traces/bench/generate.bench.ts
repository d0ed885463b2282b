/**
 * Benchmarks of issue #3:
 *  1. in-memory generation of the Mixtral config (500 steps x 32 sequences x 32 layers =
 *     512,000 token-layer events) on one core; target >= 5 million events/s;
 *  2. CSV export peak RSS for steps x 1, x 10, x 100 (each in a fresh child process,
 *     RSS from process.resourceUsage().maxRSS); target < 300 MB whatever the length.
 * BENCH_EXPORT_MULTIPLIERS="1,10" limits part 2 (x100 writes ~9 GB of CSV to a temp folder,
 * removed afterwards, and takes minutes).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfigText } from '@tasmoe/schemas';
import { createLogicalSource } from '../src/index.js';

const GEN_TARGET_EVENTS_PER_S = 5e6;
const RSS_TARGET_MB = 300;
const repo = path.resolve(import.meta.dirname, '../../..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function benchGeneration(file: string, target: number | undefined): void {
  const cfg = parseConfigText('workload', readFileSync(path.join(repo, 'configs', file), 'utf8'), file);
  for (const stepsPerChunk of [1, 16]) {
    const source = createLogicalSource(cfg, { stepsPerChunk });
    const rates: number[] = [];
    let checksum = 0;
    for (let rep = 0; rep < 7; rep++) {
      const t0 = performance.now();
      let events = 0;
      for (let c = 0; c < source.chunkCount; c++) {
        const chunk = source.chunk(c);
        events += chunk.eventCount;
        checksum += chunk.experts[chunk.experts.length - 1] ?? 0;
      }
      rates.push(events / ((performance.now() - t0) / 1000));
    }
    const events = source.shape.totalEvents;
    const best = Math.max(...rates);
    const med = median(rates.slice(1));
    const verdict =
      target === undefined
        ? ''
        : ` | target ${(target / 1e6).toFixed(1)} M/s: median x${(med / target).toFixed(2)} ${med >= target ? 'PASS' : 'FAIL'}`;
    console.log(
      `generate ${file} stepsPerChunk=${stepsPerChunk}: ${events} token-layer events, median ${(med / 1e6).toFixed(2)} M events/s (best ${(best / 1e6).toFixed(2)}, first run incl. JIT ${((rates[0] ?? 0) / 1e6).toFixed(2)})${verdict} [checksum ${checksum}]`,
    );
  }
}

function benchExport(file: string, multipliers: number[]): void {
  const child = path.join(import.meta.dirname, 'export-rss.child.ts');
  const workload = path.join(repo, 'configs', file);
  for (const m of multipliers) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@tasmoe/source', child, workload, String(m)],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      steps: number;
      events: number;
      rows: number;
      bytes: number;
      seconds: number;
      maxRssMb: number;
    };
    console.log(
      `export ${file} steps x${m} (${r.steps} steps, ${r.events} events, ${r.rows} rows, ${(r.bytes / 1e9).toFixed(2)} GB): ${r.seconds.toFixed(1)} s, ${(r.rows / r.seconds / 1e6).toFixed(2)} M rows/s, peak RSS ${r.maxRssMb.toFixed(0)} MB | target < ${RSS_TARGET_MB} MB: x${(r.maxRssMb / RSS_TARGET_MB).toFixed(2)} ${r.maxRssMb < RSS_TARGET_MB ? 'PASS' : 'FAIL'}`,
    );
  }
}

benchGeneration('workload_mixtral_8x7b.yaml', GEN_TARGET_EVENTS_PER_S);
benchGeneration('workload_deepseek_v2.yaml', undefined);
const multipliers = (process.env.BENCH_EXPORT_MULTIPLIERS ?? '1,10,100').split(',').map(Number);
benchExport('workload_mixtral_8x7b.yaml', multipliers);
