/**
 * Importer of SGLang's expert-distribution recorder (sglang/srt/eplb/
 * expert_distribution.py, `--expert-distribution-recorder-mode stat`). Its dump
 * (`/dump_expert_distribution_record`, written with torch.save to
 * $SGLANG_EXPERT_DISTRIBUTION_RECORDER_DIR as expert_distribution_recorder_<time>.pt)
 * holds `logical_count`, an integer tensor of shape
 * (buffered forward passes, num_layers, num_logical_experts): the tokens routed
 * to each logical (routed, not shared) expert of each layer per pass, summed
 * over ranks. A .pt file is a pickle; it is read here as JSON with the same
 * field, made by
 *   python -c "import torch,json,sys; d=torch.load(sys.argv[1]); json.dump({'logical_count': d['logical_count'].tolist()}, open(sys.argv[2],'w'))" dump.pt dump.json
 * A (num_layers, num_logical_experts) array (one pass, or already summed) is
 * accepted too. Passes are summed. The recorder numbers every decoder layer,
 * dense ones included (their rows are zero): `skipLayers` drops leading layers
 * (DeepSeek-V3: its first 3 layers are dense, first_k_dense_replace = 3).
 */
import { countsInputError as fail, parseDumpJson } from './dump-json.js';
import { COUNTS_COLUMNS } from './counts-file.js';

export interface ExpertCounts {
  readonly layers: number;
  readonly expertsPerLayer: number;
  /** layer * expertsPerLayer + expert. */
  readonly counts: Float64Array;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

export function importSglangCounts(
  text: string,
  file: string,
  opts: { readonly skipLayers?: number } = {},
): ExpertCounts {
  const doc = parseDumpJson(text, file, "convert the .pt dump first (see the importer's documentation)");
  const lc = (doc as { logical_count?: unknown } | null)?.logical_count;
  if (!Array.isArray(lc) || lc.length === 0) throw fail(file, 'field logical_count: expected a non-empty array');
  const passes: unknown[] = Array.isArray((lc[0] as unknown[])?.[0]) ? lc : [lc];
  const first = passes[0] as unknown[];
  const allLayers = first.length;
  const E = Array.isArray(first[0]) ? (first[0] as unknown[]).length : 0;
  const skip = opts.skipLayers ?? 0;
  if (E === 0) throw fail(file, 'field logical_count: expected [passes][layers][experts] or [layers][experts] numbers');
  if (!Number.isInteger(skip) || skip < 0 || skip >= allLayers)
    throw fail(file, `skip-layers ${skip} leaves no layer of ${allLayers}`);
  const layers = allLayers - skip;
  const counts = new Float64Array(layers * E);
  passes.forEach((pass, p) => {
    if (!Array.isArray(pass) || pass.length !== allLayers)
      throw fail(file, `field logical_count[${p}]: expected ${allLayers} layers`);
    pass.forEach((row: unknown, l: number) => {
      if (!Array.isArray(row) || row.length !== E)
        throw fail(file, `field logical_count[${p}][${l}]: expected ${E} experts`);
      if (l < skip) return;
      row.forEach((c: unknown, e: number) => {
        if (!isCount(c))
          throw fail(
            file,
            `field logical_count[${p}][${l}][${e}]: expected a non-negative count, got ${JSON.stringify(c)}`,
          );
        const at = (l - skip) * E + e;
        counts[at] = (counts[at] as number) + c;
      });
    });
  });
  return { layers, expertsPerLayer: E, counts };
}

/** The counts file (counts-file.ts) of some counts. */
export function countsCsv(c: ExpertCounts): string {
  const lines = [COUNTS_COLUMNS.join(',')];
  for (let l = 0; l < c.layers; l++)
    for (let e = 0; e < c.expertsPerLayer; e++)
      lines.push(`${l},${e},${c.counts[l * c.expertsPerLayer + e] as number}`);
  return `${lines.join('\n')}\n`;
}
