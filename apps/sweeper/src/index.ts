export { main, buildProgram, processInterrupts } from './main.js';
export type { Interrupts } from './main.js';
export { SweeperError, recordError } from './errors.js';
export type { SweeperErrorCode, RecordedError } from './errors.js';

export { expandSweep, axisCombinations, describeAxes } from './sweep/expand.js';
export { loadSweep, DEFAULT_BASE_CONFIGS } from './sweep/load-sweep.js';
export type { LoadedSweep } from './sweep/load-sweep.js';
export { pointHash } from './sweep/point-id.js';
export type { SweepPoint, PointConfigs } from './sweep/point.js';

export { defaultRunnerRef, runnerRefFrom, loadRunner } from './runner/point-runner.js';
export type { PointRunner, RunnerRef } from './runner/point-runner.js';

export { executePoint } from './exec/execute-point.js';
export type { PointOutcome, PointOutcomeStatus, ExecutePointOptions } from './exec/execute-point.js';
export type { PointExecutor, PointRunOptions } from './exec/executor.js';
export { inlineExecutor } from './exec/inline-executor.js';
export { threadPoolExecutor } from './exec/thread-pool.js';
export type { ThreadPoolOptions } from './exec/thread-pool.js';
export { runSweep, uniquePoints } from './exec/run-sweep.js';
export type { RunSweepOptions, SweepSummary, SweepProgressSink } from './exec/run-sweep.js';

export { sweepDir, pointDir, metricsCsvPath } from './store/layout.js';
export { readPointRecord, isPointComplete } from './store/point-record.js';
export type { PointRecord, PointStatus } from './store/point-record.js';

export { submitSweep } from './distributed/submit.js';
export type { SubmitOptions, SubmitSummary } from './distributed/submit.js';
export { startPointWorker } from './distributed/point-worker.js';
export type { PointWorkerOptions, RunningPointWorker, WorkerEvent } from './distributed/point-worker.js';
export { materializeFromRedis } from './distributed/materialize.js';
export { DEFAULT_QUEUE, jobIdOf, parsePointJobData } from './distributed/job.js';
export type { PointJobData, PointJobResult } from './distributed/job.js';

export { collectSweep, sweepCsv } from './collect/collect.js';
export type { CollectedSweep, MissingPoint } from './collect/collect.js';
export { writeCollectedSweep } from './collect/write-collect.js';
export { sweepPlots, sweepPlotSpec } from './collect/plots.js';
