export {
  TasmoeError,
  InputValidationError,
  IdCodecError,
  formatIssue,
  locatedMessage,
  EXIT_CODE_OF_CATEGORY,
} from './errors.js';
export type { InputIssue, SchemasErrorCode, ErrorCategory, TasmoeErrorOptions } from './errors.js';

export {
  encodeExpertId,
  decodeExpertId,
  isExpertId,
  expertNumber,
  expertLayerAndIndex,
  expertCount,
  sharedExpertNumber,
  describeExpertNumber,
  encodeBankId,
  decodeBankId,
  isBankId,
  encodeCoreId,
  encodeWeightTensorId,
  decodeWeightTensorId,
  isWeightTensorId,
} from './ids.js';
export type { ExpertId, BankId, BankCoord, MoeShape } from './ids.js';

export { ArchConfigSchema, DvfsDomainSchema } from './config/arch.js';
export type { ArchConfig, ArchConfigInput, DvfsDomainConfig } from './config/arch.js';
export { WorkloadConfigSchema } from './config/workload.js';
export type { WorkloadConfig, WorkloadConfigInput } from './config/workload.js';
export { TasParamsSchema, TapsParamsSchema, TacsParamsSchema, EplbParamsSchema } from './config/tas-params.js';
export type { TasParams, TasParamsInput, TapsParams, TacsParams } from './config/tas-params.js';
export { archProblems, workloadProblems, tasParamsProblems } from './config/cross-field.js';
export { expertModel, modelDimsProblems, stackCapacityProblems, type ExpertModel } from './config/model-dims.js';
export type { FieldProblem } from './config/cross-field.js';
export {
  parseConfigText,
  parseAnyConfigText,
  parseYamlText,
  resolveConfig,
  detectConfigKind,
  deepFreeze,
} from './config/load.js';
export type {
  ConfigKind,
  ConfigByKind,
  Resolved,
  ResolvedArchConfig,
  ResolvedWorkloadConfig,
  ResolvedTasParams,
  AnyResolvedConfig,
} from './config/load.js';
export { configJsonSchema } from './config/json-schema.js';
export { LIMITS, ABSOLUTE_ZERO_C, temperatureC } from './config/limits.js';
export { parseSourceText, stripBom } from './config/source-text.js';
export type { SourceText, SourceTextOptions } from './config/source-text.js';
export { zodIssues } from './config/load.js';
export { resolveArchPaths, resolveWorkloadPaths } from './config/config-paths.js';
export {
  estimateRun,
  computeBoundWindows,
  computeBoundStepS,
  WINDOW_ROW_BYTES,
  WARMUP_WINDOWS,
} from './config/run-estimate.js';
export type { RunEstimate, RunEstimateConfigs, MemoryPart } from './config/run-estimate.js';
export {
  SweepSpecSchema,
  parseSweepText,
  SWEEP_NAME_PATTERN,
  SWEEP_AXIS_PATH_PATTERN,
  SWEEP_SEED_PATH,
  SWEEP_COMBINE_MODES,
} from './config/sweep.js';
export type { SweepSpec, SweepSpecInput } from './config/sweep.js';

export { defineCsvRecord } from './records/csv-record.js';
export type { CsvColumnSpec, CsvColumnType } from './records/csv-record.js';
export type { CsvRecordKind } from './records/csv-record.js';
export { ExpertIdSchema, BankIdSchema, CoreIdSchema, NsSchema } from './records/ids-zod.js';
export {
  LogicalComputeSchema,
  LogicalComputeCsv,
  LogicalMemorySchema,
  LogicalMemoryCsv,
  OP_TYPES,
} from './records/logical.js';
export type { LogicalCompute, LogicalMemory, OpType } from './records/logical.js';
export { PlacementSchema, ExpertPlacementSchema } from './records/placement.js';
export type { Placement, ExpertPlacement } from './records/placement.js';
export {
  OverlayRerouteSchema,
  OverlayRerouteCsv,
  OverlayMigrateSchema,
  OverlayMigrateCsv,
  RerouteReasonSchema,
  EMPTY_OVERLAYS,
} from './records/overlays.js';
export type { OverlayReroute, OverlayMigrate, Overlays } from './records/overlays.js';
export { ComputeEventSchema, ComputeEventCsv, MemoryEventSchema, MemoryEventCsv } from './records/physical.js';
export type { ComputeEvent, MemoryEvent } from './records/physical.js';
export { ReplicaStateSchema, ReplicaEntrySchema } from './records/replica-state.js';
export type { ReplicaStateJson, ReplicaEntry } from './records/replica-state.js';
export { TelemetrySchema } from './records/telemetry.js';
export type { Telemetry } from './records/telemetry.js';
export {
  MetricsRowSchema,
  METRICS_COLUMNS,
  SCENARIOS,
  ScenarioSchema,
  BUILTIN_SCENARIOS,
  BuiltinScenarioSchema,
  SCENARIO_NAME_PATTERN,
  SCENARIO_NAME_MAX,
  isBuiltinScenario,
} from './records/metrics-row.js';
export type { MetricsRow, Scenario, BuiltinScenario } from './records/metrics-row.js';

export { safeFileStem, isSafeFileStem } from './names/safe-file-stem.js';

export { buildTopology, makeTopology, LINK_E, LINK_W, LINK_N, LINK_S } from './topology.js';
export type { Topology } from './topology.js';
export { stripeGroups, stripeWidth } from './stripe-groups.js';
export { tRefStepMultiplier } from './refresh-step.js';

export type {
  ThermalBackend,
  ThermalSnapshot,
  ThermalStackLayout,
  ThermalLayerBlocks,
} from './thermal-backend.js';

export type {
  LogicalChunk,
  LogicalSource,
  InfluenceMatrix,
  DramInfluence,
  BankBurstResponse,
  HardwareState,
  ComputeEventColumns,
  MemoryEventColumns,
  PhysicalWindow,
  PendingWindowView,
  ReplicaStateView,
  ForkCopy,
} from './runtime-contracts.js';
export { FORK_COPY, copyBankBurstResponse } from './runtime-contracts.js';

export { checkContext, expertOf, coreProblem, bankProblem, tensorProblem } from './checks/check-context.js';
export type { CheckContext } from './checks/check-context.js';
export { placementProblems, replicaStateProblems } from './checks/placement-checks.js';
export { createRecordChecker } from './checks/record-checks.js';
export type { RecordChecker, CheckedRecordKind } from './checks/record-checks.js';

export type { PlacementPolicy, PlacementContext } from './policy/placement-policy.js';
export type { OnlinePolicy, OnlineContext, OnlineController, OnlineWindow } from './policy/online-policy.js';
export type { ScenarioDefinition } from './policy/scenario-definition.js';
export {
  BUILTIN_SCENARIO_DEFINITIONS,
  BUILTIN_PLACEMENT_POLICIES,
  BUILTIN_ONLINE_POLICIES,
} from './policy/builtin-scenarios.js';
export { policiesOfModule, PolicyError, type Policy, type PolicyErrorCode } from './policy/policy-module.js';
