export { TapsError } from './errors.js';
export type { TapsErrorCode } from './errors.js';
export { buildPlacement, prepareProblem } from './build-placement.js';
export type {
  BuildPlacementOptions,
  DramPrediction,
  PlacementResult,
  PreparedProblem,
  SolverName,
} from './build-placement.js';
export { dramPrediction } from './build-placement.js';
export {
  backgroundBankPower,
  expertAccessPower,
  maxOfTemps,
  nextRefreshStep,
  predictDramTemps,
  refreshMultiplierAt,
} from './dram-model.js';
export type { DramProblem } from './dram-model.js';
export { defaultPlacement } from './default-placement.js';
export { placementBurstPeakK, shardReadPowerW } from './tensor-placement.js';
export type { BurstSummary } from './tensor-placement.js';
export { predictCoreTemps, placementCorePower } from './predict.js';
export { analyticInfluence, checkInfluence } from './influence.js';
export {
  analyticExpertHeat,
  normaliseExpertHeat,
  topkInclusionProbabilities,
  zipfWeights,
  expertsOfLayer,
  layerOfExpert,
  totalExperts,
} from './routing-heat.js';
export { nominalLoad } from './power-model.js';
export type { NominalLoad } from './power-model.js';
export { objectiveTerms, objectiveValue, meshEdges, predictTemperatures } from './objective.js';
export type { ObjectiveTerms, ObjectiveWeights, MeshEdges } from './objective.js';
export { assignmentObjective, buildProblem, dramTemperaturesOf, temperaturesOf } from './problem.js';
export type { PlacementProblem } from './problem.js';
export { greedyAssign, initialAssignment, localSearch, SearchState } from './heuristic.js';
export type { LocalSearchStats } from './heuristic.js';
export { assignmentViolations } from './validate.js';
export { buildLayerModel, improveWithHighs } from './milp-layers.js';
export { SolverSession } from './solver/worker-session.js';
export { schedulingHeadroom } from './scheduling-headroom.js';
export type { HeadroomInput, SchedulingHeadroom } from './scheduling-headroom.js';
export type { SolveRequest, SolveOutcome } from './solver/worker-session.js';
export { eplb, replicateExperts } from './eplb.js';
export type { EplbInput, EplbResult } from './eplb.js';
export { eplbPlacement, defaultRedundantSlots, DEFAULT_REDUNDANT_FRACTION } from './eplb-placement.js';
export type { EplbPlacementResult } from './eplb-placement.js';
export { contentionOffsets, lanesCanSettle } from './contention-offsets.js';
export {
  attentionSignature,
  criticalPathItems,
  criticalPaths,
  criticalPathTokenRate,
  defaultCriticalPaths,
  shardReadBytesPerS,
  taskTimeModel,
} from './critical-path.js';
export type { CriticalPathItems, CriticalPaths, TaskTimeModel } from './critical-path.js';
export { placementCriticalPath } from './placement-critical-path.js';
export type { PlacementCriticalPath } from './placement-critical-path.js';
