/**
 * Pure conversion of a logical chunk to the seed's CSV rows (cells in
 * LogicalComputeCsv / LogicalMemoryCsv column order). Row ids:
 * token-layer event g (= chunk.eventIdBase + i) becomes two compute rows,
 * event_id 2g (op "attn") and 2g + 1 (op "fc"); its KV read references 2g,
 * and each weight read references the fc row of the first token of its
 * micro-batch that uses the expert. See trace_schema.md.
 */
import { LogicalComputeCsv, LogicalMemoryCsv, encodeWeightTensorId, type LogicalChunk } from '@tasmoe/schemas';
import { TracesError } from './errors.js';
import { STEP_PERIOD_NS, type TraceShape } from './trace-shape.js';

export type CsvCells = (string | number)[];

export const LOGICAL_COMPUTE_COLUMNS: readonly string[] = LogicalComputeCsv.columns;
export const LOGICAL_MEMORY_COLUMNS: readonly string[] = LogicalMemoryCsv.columns;

/** Tensor id of the KV cache of micro-batch slot `slot` (= mb_id mod concurrency) at MoE layer `layer`. */
export function kvTensorId(layer: number, slot: number): string {
  return `KV_L${layer}_MB${slot}`;
}

export interface ChunkCsvRows {
  readonly compute: CsvCells[];
  readonly memory: CsvCells[];
}

function expertsJson(experts: Int32Array, from: number, k: number): string {
  let s = '[';
  for (let x = 0; x < k; x++) s += `${x === 0 ? '' : ','}"E${experts[from + x] as number}"`;
  return `${s}]`;
}

function numbersJson(values: Float64Array, from: number, k: number): string {
  let s = '[';
  for (let x = 0; x < k; x++) s += `${x === 0 ? '' : ','}${JSON.stringify(values[from + x] as number)}`;
  return `${s}]`;
}

/** Both CSV row sets of one chunk; memory rows come in event_id order. */
export function chunkCsvRows(chunk: LogicalChunk, shape: TraceShape): ChunkCsvRows {
  const { k, eventCount, eventIdBase } = chunk;
  const compute: CsvCells[] = new Array<CsvCells>(2 * eventCount);
  const memory: CsvCells[] = new Array<CsvCells>(eventCount + chunk.weightReadCount);
  const firstUseIn = new Float64Array(shape.expertCount).fill(-1);
  let m = 0;
  let w = 0;
  let group = -1;
  let prevMb = -1;
  let prevLayer = -1;
  for (let i = 0; i < eventCount; i++) {
    const g = eventIdBase + i;
    const step = chunk.step[i] as number;
    const mbId = chunk.mb[i] as number;
    const token = chunk.token[i] as number;
    const layer = chunk.layer[i] as number;
    const t = step * STEP_PERIOD_NS;
    compute[2 * i] = [2 * g, t, mbId, token, '[]', `[${JSON.stringify(chunk.attnFlops[i] as number)}]`, 'attn', layer];
    compute[2 * i + 1] = [
      2 * g + 1,
      t,
      mbId,
      token,
      expertsJson(chunk.experts, i * k, k),
      numbersJson(chunk.expertFlops, i * k, k),
      'fc',
      layer,
    ];
    memory[m++] = [
      2 * g,
      kvTensorId(layer, mbId % shape.concurrency),
      'read',
      chunk.kvBytes[i] as number,
      `seq${token - mbId * shape.microBatch}`,
    ];
    if (mbId !== prevMb || layer !== prevLayer) {
      group++;
      prevMb = mbId;
      prevLayer = layer;
    }
    for (let x = 0; x < k; x++) {
      const expert = chunk.experts[i * k + x] as number;
      if (firstUseIn[expert] === group) continue;
      firstUseIn[expert] = group;
      for (let sh = 0; sh < shape.shardsPerExpert; sh++, w++) {
        if (
          w >= chunk.weightReadCount ||
          chunk.wExpert[w] !== expert ||
          chunk.wShard[w] !== sh ||
          chunk.wMb[w] !== mbId ||
          chunk.wLayer[w] !== layer
        ) {
          throw new TracesError(
            'TRACE_CHUNK_INVALID',
            `chunk ${chunk.chunkIndex}: weight read ${w} does not match the first use of E${expert} shard ${sh} by event ${g}`,
          );
        }
        memory[m++] = [2 * g + 1, encodeWeightTensorId(expert, sh), 'read', chunk.wBytes[w] as number, `shard${sh}`];
      }
    }
  }
  if (w !== chunk.weightReadCount) {
    throw new TracesError(
      'TRACE_CHUNK_INVALID',
      `chunk ${chunk.chunkIndex}: ${chunk.weightReadCount - w} weight reads have no using event`,
    );
  }
  memory.length = m;
  return { compute, memory };
}
