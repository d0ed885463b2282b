/**
 * `tasmoe gen-traces`: the logical traces of a workload as CSV
 * (logical_compute.csv, logical_memory.csv, trace_meta.json).
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { readConfig } from '../read-config.js';
import { CommandError, repoRoot, resolveUserPath, type Io } from '@tasmoe/experiment';
import { createProgress } from '../progress.js';

interface GenTracesOptions {
  workload: string;
  out: string;
  seed?: string;
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new CommandError('USAGE', `--seed expects an integer, got "${text}"`);
  }
  return Number(text);
}

function readWorkload(file: string): ResolvedWorkloadConfig {
  return readConfig('workload', file);
}

export function registerGenTracesCommand(program: Command, io: Io): void {
  program
    .command('gen-traces')
    .description(
      'generate the logical traces of a workload as CSV (logical_compute.csv, logical_memory.csv, trace_meta.json)',
    )
    .option('--workload <file>', 'workload config', path.join(repoRoot(), 'configs', 'workload_mixtral_8x7b.yaml'))
    .option('--out <dir>', 'output folder', 'traces')
    .option('--seed <n>', 'override routing.seed')
    .action(async (opts: GenTracesOptions) => {
      const seed = parseSeed(opts.seed);
      const cfg = readWorkload(opts.workload);
      const outDir = resolveUserPath(opts.out);
      const progress = createProgress(io, 'gen-traces', cfg.sequence.steps, 'steps');
      // implementation modules load on use, so other commands start without them
      const { generateLogicalTraces } = await import('@tasmoe/traces');
      const r = await generateLogicalTraces(cfg, outDir, {
        ...(seed === undefined ? {} : { seed }),
        onProgress: (done) => progress.update(done),
      });
      progress.finish();
      const t = r.meta.totals;
      io.out(`${r.computePath}: ${t.computeRows} rows (${t.tokenLayerEvents} token-layer events, attn + fc)`);
      io.out(`${r.memoryPath}: ${t.memoryRows} rows (${t.kvReads} KV reads, ${t.weightReads} weight reads)`);
      io.out(`${r.metaPath}: seed ${r.meta.seed}, workload sha256 ${r.meta.config_sha256.slice(0, 12)}`);
    });
}
