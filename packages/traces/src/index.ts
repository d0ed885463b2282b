export { TracesError } from './errors.js';
export type { TracesErrorCode } from './errors.js';
export { createLogicalSource, generateSteps } from './logical-source.js';
export type { LogicalSourceOptions, TraceSource } from './logical-source.js';
export { traceShape, kvReadBytes, STEP_PERIOD_NS } from './trace-shape.js';
export type { TraceShape } from './trace-shape.js';
export { buildRoutingModel, zipfRankWeights, layerRankToExpert, seededStream } from './routing-model.js';
export type { RoutingModel } from './routing-model.js';
export { topkInclusionProbabilities, analyticExpertSelectionProbability } from './selection-probability.js';
export {
  emptyExpertSelectionCounts,
  countExpertSelections,
  selectionFrequencies,
  empiricalExpertFrequencies,
} from './expert-frequencies.js';
export type { ExpertSelectionCounts } from './expert-frequencies.js';
export { chunkCsvRows, kvTensorId, LOGICAL_COMPUTE_COLUMNS, LOGICAL_MEMORY_COLUMNS } from './csv-rows.js';
export type { ChunkCsvRows, CsvCells } from './csv-rows.js';
export { traceMeta, workloadHash, emptyTotals, addChunkTotals, TRACE_FORMAT } from './trace-meta.js';
export type { TraceMeta, TraceTotals } from './trace-meta.js';
export {
  generateLogicalTraces,
  LOGICAL_COMPUTE_FILE,
  LOGICAL_MEMORY_FILE,
  TRACE_META_FILE,
} from './generate-traces.io.js';
export type { GenerateTracesOptions, GeneratedTraces } from './generate-traces.io.js';
export { openRecordedTrace } from './recorded-trace.js';
export { checkParseThreads } from './parallel-trace.js';
export type { RecordedSource, RecordedSourceOptions } from './recorded-trace.js';
export { readTraceMeta } from './trace-meta-check.js';
export { readCountsFile, COUNTS_COLUMNS } from './counts-file.js';
export { importSglangCounts, countsCsv } from './sglang-counts.js';
export { importVllmEplbCounts } from './vllm-counts.js';
export { fileSha256 } from './file-sha256.js';
export type { ExpertCounts } from './sglang-counts.js';
export { weightsForInclusion } from './inclusion-inverse.js';
export { solveZipfExponent, maxOverMean, zipfGini, giniOfLoads, balanceOf } from './balance-calibration.js';
export type { BalanceTarget } from './balance-calibration.js';
export { rankingOfEpoch, epochOf } from './drift.js';
export { buildEmpiricalRoutingModel } from './routing-model.js';
export { routingModelFor } from './routing-source.js';
