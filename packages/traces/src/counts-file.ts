/**
 * The measured expert loads of `routing.model: empirical`: a CSV with header
 * `layer,expert,count` and one row per (MoE layer, routed expert of the layer),
 * `count` the tokens routed to that expert at that layer over the recording
 * (what SGLang's expert-distribution recorder and vLLM's EPLB load statistics
 * accumulate). Every (layer, expert) of the workload appears exactly once;
 * a layer needs at least topk experts with a positive count. Read whole (it is
 * small and bounded by LIMITS.countsFileBytes); errors name file:line:field.
 */
import { readFileSync, statSync } from 'node:fs';
import { LIMITS } from '@tasmoe/schemas';
import { TracesError } from './errors.js';

export const COUNTS_COLUMNS = ['layer', 'expert', 'count'] as const;

function fail(file: string, line: number | undefined, message: string): TracesError {
  return new TracesError('ROUTING_INPUT_INVALID', `${file}${line === undefined ? '' : `:${line}`}: ${message}`);
}

function readBounded(file: string): string {
  try {
    const size = statSync(file).size;
    if (size > LIMITS.countsFileBytes)
      throw fail(file, undefined, `${size} bytes, more than the ${LIMITS.countsFileBytes} a counts file may have`);
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof TracesError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new TracesError('ROUTING_INPUT_INVALID', `${file}: cannot read the counts file (${e.code ?? e.message})`, {
      cause: err,
    });
  }
}

/** Counts indexed by layer * expertsPerLayer + expert. */
export function readCountsFile(file: string, layers: number, expertsPerLayer: number, topk: number): Float64Array {
  const text = readBounded(file);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = (lines[0] ?? '').replace(/\r$/, '');
  if (header !== COUNTS_COLUMNS.join(','))
    throw fail(file, 1, `header is "${header}", expected "${COUNTS_COLUMNS.join(',')}"`);
  const counts = new Float64Array(layers * expertsPerLayer).fill(-1);
  for (let i = 1; i < lines.length; i++) {
    const cells = (lines[i] as string).replace(/\r$/, '').split(',');
    if (cells.length !== 3) throw fail(file, i + 1, `expected 3 fields (layer,expert,count), got ${cells.length}`);
    const [l, e, c] = cells.map((x) => (/^\s*$/.test(x) ? Number.NaN : Number(x))) as [number, number, number];
    if (!Number.isInteger(l) || l < 0 || l >= layers)
      throw fail(file, i + 1, `field layer: expected an integer 0..${layers - 1} (moe.layers), got "${cells[0]}"`);
    if (!Number.isInteger(e) || e < 0 || e >= expertsPerLayer)
      throw fail(
        file,
        i + 1,
        `field expert: expected an integer 0..${expertsPerLayer - 1} (moe.experts_per_layer), got "${cells[1]}"`,
      );
    if (!Number.isFinite(c) || c < 0)
      throw fail(file, i + 1, `field count: expected a finite non-negative number, got "${cells[2]}"`);
    const at = l * expertsPerLayer + e;
    if ((counts[at] as number) >= 0) throw fail(file, i + 1, `layer ${l} expert ${e} given twice`);
    counts[at] = c;
  }
  for (let l = 0; l < layers; l++) {
    let positive = 0;
    for (let e = 0; e < expertsPerLayer; e++) {
      const c = counts[l * expertsPerLayer + e] as number;
      if (c < 0)
        throw fail(file, undefined, `layer ${l} expert ${e} missing (every layer,expert of the workload needs a row)`);
      if (c > 0) positive++;
    }
    if (positive < topk)
      throw fail(
        file,
        undefined,
        `layer ${l} has ${positive} experts with a positive count, fewer than topk = ${topk}`,
      );
  }
  return counts;
}
