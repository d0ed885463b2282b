/**
 * `tasmoe import-counts`: per-layer, per-expert token counts recorded by a
 * serving system, written as the counts file of `routing.model: empirical`
 * (layer,expert,count). Source format: SGLang's expert-distribution recorder
 * (stat mode), its `logical_count` as JSON (@tasmoe/traces sglang-counts.ts).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CommandError, INPUT_LIMITS, readInputFile, resolveUserPath, type Io } from '@tasmoe/experiment';

interface ImportCountsOptions {
  from: string;
  in: string;
  out: string;
  skipLayers?: string;
}

export function registerImportCountsCommand(program: Command, io: Io): void {
  program
    .command('import-counts')
    .description(
      'convert recorded expert loads (SGLang expert-distribution dump as JSON) to a routing counts file (layer,expert,count)',
    )
    .option('--from <format>', 'source format: sglang', 'sglang')
    .requiredOption(
      '--in <file>',
      'the dump: JSON with logical_count [passes][layers][experts] (see packages/traces/README.md for converting the .pt file)',
    )
    .requiredOption('--out <file>', 'counts file to write')
    .option('--skip-layers <n>', 'drop this many leading (dense) layers of the dump', '0')
    .action(async (opts: ImportCountsOptions) => {
      if (opts.from !== 'sglang')
        throw new CommandError('USAGE', `--from: unknown format "${opts.from}" (known: sglang)`);
      const skip = Number(opts.skipLayers ?? '0');
      if (!Number.isInteger(skip) || skip < 0)
        throw new CommandError('USAGE', `--skip-layers expects a non-negative integer, got "${opts.skipLayers}"`);
      const text = readInputFile(opts.in, 'expert-distribution dump', INPUT_LIMITS.record);
      const { importSglangCounts, countsCsv } = await import('@tasmoe/traces');
      const counts = importSglangCounts(text, opts.in, { skipLayers: skip });
      const out = resolveUserPath(opts.out);
      writeFileSync(out, countsCsv(counts));
      io.out(
        `${out}: ${counts.layers} layers x ${counts.expertsPerLayer} experts (moe.layers and moe.experts_per_layer of the workload that uses it)`,
      );
    });
}
