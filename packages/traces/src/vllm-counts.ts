/**
 * Importer of vLLM's EPLB load statistics (vllm/distributed/eplb/eplb_state.py,
 * `--enable-eplb`). Per model, EplbState keeps
 *  - `expert_load_pass`: int tensor (num_moe_layers, num_physical_experts), the
 *    tokens each physical expert processed in the current forward pass;
 *  - `expert_load_window`: int tensor (window_size, num_moe_layers,
 *    num_physical_experts), the last `eplb_config.window_size` passes;
 *  - `physical_to_logical_map`: int tensor (num_moe_layers, num_physical_experts),
 *    the logical expert each physical slot holds (redundant experts are extra
 *    slots of a logical one).
 * vLLM's own rearrangement turns these into per-layer logical loads by a
 * scatter-add over physical_to_logical_map and a sum over the window and over
 * the EP ranks (EplbState.rearrange); this importer does the same. vLLM writes
 * no file of them: dump them from the workers, e.g. with `LLM.collective_rpc`
 * on a function that reads `self.model_runner.eplb_state` and returns, for its
 * model state `s`, `{"physical_to_logical_map": s.physical_to_logical_map.tolist(),
 * "expert_load_window": s.expert_load_window.tolist()}`, and save the list of
 * the ranks' results as JSON. Accepted: one such object, or an array of them (one
 * per EP rank, summed; every rank must have the same map), with
 * `expert_load_window` or `expert_load_pass`. The tensors cover the MoE layers
 * only (dense layers are not in them) and routed experts only (shared experts
 * are not balanced by EPLB).
 */
import { countsInputError as fail, parseDumpJson } from './dump-json.js';
import type { ExpertCounts } from './sglang-counts.js';

/** A [rows][cols] array of non-negative integers (cols the same for every row); field names the path. */
function matrix(file: string, x: unknown, field: string, cols?: number): number[][] {
  if (!Array.isArray(x) || x.length === 0) throw fail(file, `field ${field}: expected a non-empty array of rows`);
  const width = cols ?? (Array.isArray(x[0]) ? (x[0] as unknown[]).length : 0);
  return x.map((row: unknown, r: number) => {
    if (!Array.isArray(row) || row.length !== width || width === 0)
      throw fail(file, `field ${field}[${r}]: expected ${width > 0 ? width : 'a non-empty array of'} numbers`);
    return row.map((v: unknown, c: number) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
        throw fail(file, `field ${field}[${r}][${c}]: expected a non-negative integer, got ${JSON.stringify(v)}`);
      return v;
    });
  });
}

interface RankState {
  readonly map: number[][];
  /** Passes of (layers, physical) loads. */
  readonly passes: number[][][];
}

function rankState(file: string, x: unknown, at: string): RankState {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    throw fail(file, `${at}expected an object with physical_to_logical_map and expert_load_window or expert_load_pass`);
  const o = x as Record<string, unknown>;
  const map = matrix(file, o.physical_to_logical_map, `${at}physical_to_logical_map`);
  const physical = (map[0] as number[]).length;
  const layers = map.length;
  const layerMatrix = (v: unknown, field: string): number[][] => {
    const m = matrix(file, v, field, physical);
    if (m.length !== layers)
      throw fail(file, `field ${field}: expected ${layers} layers (rows of the map), got ${m.length}`);
    return m;
  };
  if (o.expert_load_window !== undefined) {
    const w = o.expert_load_window;
    if (!Array.isArray(w) || w.length === 0)
      throw fail(file, `field ${at}expert_load_window: expected [window][layers][physical experts]`);
    return { map, passes: w.map((p: unknown, i: number) => layerMatrix(p, `${at}expert_load_window[${i}]`)) };
  }
  if (o.expert_load_pass !== undefined)
    return { map, passes: [layerMatrix(o.expert_load_pass, `${at}expert_load_pass`)] };
  throw fail(file, `${at}expected expert_load_window or expert_load_pass next to physical_to_logical_map`);
}

/** Per-layer logical expert loads from a vLLM EPLB state dump (JSON text). */
export function importVllmEplbCounts(text: string, file: string): ExpertCounts {
  const doc = parseDumpJson(text, file, "dump the tensors with .tolist() (see the importer's documentation)");
  const ranks = Array.isArray(doc)
    ? doc.map((r: unknown, i: number) => rankState(file, r, `rank ${i}: `))
    : [rankState(file, doc, '')];
  if (ranks.length === 0) throw fail(file, 'expected at least one rank');
  const first = ranks[0] as RankState;
  const layers = first.map.length;
  const physical = (first.map[0] as number[]).length;
  // logical experts: every one has at least one physical slot (EplbState.build), so 0..max
  let E = 0;
  for (const row of first.map) for (const v of row) E = Math.max(E, v + 1);
  first.map.forEach((row, l) => {
    const held = new Uint8Array(E);
    for (const v of row) held[v] = 1;
    const missing = held.indexOf(0);
    if (missing >= 0)
      throw fail(
        file,
        `field physical_to_logical_map[${l}]: logical expert ${missing} has no physical slot (expected every one of 0..${E - 1})`,
      );
  });
  ranks.forEach((r, i) => {
    const same =
      r.map.length === layers && r.map.every((row, l) => row.every((v, p) => v === (first.map[l] as number[])[p]));
    if (!same)
      throw fail(file, `rank ${i}: physical_to_logical_map differs from rank 0's (dumps of one moment needed)`);
  });
  const counts = new Float64Array(layers * E);
  for (const r of ranks)
    for (const pass of r.passes)
      for (let l = 0; l < layers; l++) {
        const loads = pass[l] as number[];
        const map = first.map[l] as number[];
        for (let p = 0; p < physical; p++) {
          const at = l * E + (map[p] as number);
          counts[at] = (counts[at] as number) + (loads[p] as number);
        }
      }
  return { layers, expertsPerLayer: E, counts };
}
