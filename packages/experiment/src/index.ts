// The experiment runner: every scenario of one configuration, resumable
export {
  runAll,
  ScenarioFailedError,
  foreignScenarios,
  type RunAllOptions,
  type RunAllResult,
} from './runner/run-all.js';
export { RunnerError, type RunnerErrorCode } from './runner/runner-error.js';
export { acquireFolderLock, processAlive, LOCK_FILE, type FolderLock } from './runner/folder-lock.js';
export { removeStaleTemps } from './runner/stale-temps.js';
export {
  jsonProgress,
  lineProgress,
  silentProgress,
  ttyProgress,
  type ProgressEvent,
  type ProgressSink,
} from './runner/progress.js';
export {
  writeFileAtomic,
  openAtomicFile,
  stageFile,
  type WrittenFile,
  type StagedFile,
  type WriteOps,
  type AtomicFileWriter,
} from './runner/atomic-write.js';
export { canonicalJson, hashOf } from './runner/config-hash.js';
export {
  summarize,
  summaryCsv,
  meanInterval,
  withinNoise,
  SUMMARY_COLUMNS,
  type SummaryRow,
  type MeanInterval,
} from './runner/summary.js';
export { repeatSeed } from './runner/repeats.js';
export {
  buildReportOnThreads,
  startReportThreads,
  type ReportBuildOptions,
  type ReportThreads,
} from './runner/report-threads.js';

// One scenario's closed loop
export { runScenario, type ScenarioRunInput, type ScenarioRunResult } from './loop/scenario-loop.js';
export { startWarnings } from './runner/start-warnings.js';
export { START_MISMATCH_WARN_K, startVerdict, type StartCheck, type StartVerdict } from './loop/start-check.js';

// The shell every command shares
export { processIo, type Io, type ProgressTerminal } from './shell/io.js';
export { resolveUserPath, userCwd, repoRoot } from './shell/paths.js';
export { readInputFile, INPUT_LIMITS } from './shell/read-input.js';
export { checkRunBudget, thisMachine, MAX_WINDOWS, type Machine } from './runner/run-budget.js';
export { EXIT, exitCodeFor, messageLines } from './shell/exit-codes.js';
export { CommandError, type CommandErrorCode } from './shell/command-error.js';
export { runCommand, configureProgram, endQuietlyOnClosedStdout } from './shell/run-command.js';
export { attentionCoreShare } from './loop/attention-share.js';
export { expertLoadEstimate } from './loop/expert-load.js';
export { bankBurstResponse, shardReadSeconds } from './loop/bank-burst.js';
export {
  predictSteadyState,
  predictSteadyStates,
  type SteadyPrediction,
  type SteadyPredictionInput,
} from './loop/steady-prediction.js';

// Scenarios as policies (the built-in ones and --policy modules)
export {
  createPolicyRegistry,
  BUILTIN_REGISTRY,
  type PolicyRegistry,
  type ResolvedScenario,
} from './policy/policy-registry.js';
export { loadPolicyRegistry, policyModuleRefs, type PolicyModuleRef } from './policy/load-policy-modules.js';
export {
  defaultPlacementPolicy,
  tapsPlacementPolicy,
  eplbPlacementPolicy,
  tacsOnlinePolicy,
} from './policy/builtin-policies.js';
