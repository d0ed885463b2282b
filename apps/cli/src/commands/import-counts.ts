/**
 * `tasmoe import-counts`: per-layer, per-expert token counts recorded by a
 * serving system, written as the counts file of `routing.model: empirical`
 * (layer,expert,count). Source formats: SGLang's expert-distribution recorder
 * (stat mode), its `logical_count` as JSON (@tasmoe/traces sglang-counts.ts);
 * vLLM's EPLB state, its load window and physical-to-logical map as JSON
 * (@tasmoe/traces vllm-counts.ts).
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
      'convert recorded expert loads (SGLang expert-distribution dump or vLLM EPLB state, as JSON) to a routing counts file (layer,expert,count)',
    )
    .option('--from <format>', 'source format: sglang | vllm', 'sglang')
    .requiredOption(
      '--in <file>',
      'the dump as JSON: sglang: logical_count [passes][layers][experts]; vllm: physical_to_logical_map and expert_load_window (one object or one per EP rank); see packages/traces/README.md',
    )
    .requiredOption('--out <file>', 'counts file to write')
    .option('--skip-layers <n>', 'sglang: drop this many leading (dense) layers of the dump', '0')
    .action(async (opts: ImportCountsOptions) => {
      if (opts.from !== 'sglang' && opts.from !== 'vllm')
        throw new CommandError('USAGE', `--from: unknown format "${opts.from}" (known: sglang, vllm)`);
      const skip = Number(opts.skipLayers ?? '0');
      if (!Number.isInteger(skip) || skip < 0)
        throw new CommandError('USAGE', `--skip-layers expects a non-negative integer, got "${opts.skipLayers}"`);
      // vLLM's EPLB tensors hold the MoE layers only: there are no dense layers to drop
      if (opts.from === 'vllm' && skip !== 0)
        throw new CommandError(
          'USAGE',
          '--skip-layers applies to --from sglang (vLLM EPLB tensors hold MoE layers only)',
        );
      const text = readInputFile(opts.in, 'expert-load dump', INPUT_LIMITS.record);
      const { importSglangCounts, importVllmEplbCounts, countsCsv } = await import('@tasmoe/traces');
      const counts =
        opts.from === 'vllm'
          ? importVllmEplbCounts(text, opts.in)
          : importSglangCounts(text, opts.in, { skipLayers: skip });
      const out = resolveUserPath(opts.out);
      writeFileSync(out, countsCsv(counts));
      io.out(
        `${out}: ${counts.layers} layers x ${counts.expertsPerLayer} experts (moe.layers and moe.experts_per_layer of the workload that uses it)`,
      );
    });
}
