/**
 * In-memory contracts between the simulation packages. These are the hot-path
 * shapes: columnar typed arrays, not per-row objects. The CSV record schemas in
 * records/ are the file forms of the same data.
 */

/**
 * One chunk of the logical trace: the decode steps [stepStart, stepStart + stepCount).
 * Produced by @tasmoe/traces, consumed by @tasmoe/physicalizer.
 *
 * Token-layer events (seed `logical_compute`, op "fc"): event i is token `token[i]`
 * of micro-batch `mb[i]` at MoE layer `layer[i]` in decode step `step[i]`; its experts
 * are `experts[i*k .. i*k+k)` (global expert numbers, routed top-k first then the
 * shared experts; k = topk + shared_experts) with FLOPs `expertFlops[i*k ..]`;
 * its attention FLOPs are `attnFlops[i]` and its KV-cache read `kvBytes[i]`.
 * Events are ordered by (step, layer, mb, token).
 *
 * Weight reads (seed `logical_memory`, tensor W_E<n>_<shard>): one per
 * (step, micro-batch, layer, expert used by that micro-batch, shard).
 */
export interface LogicalChunk {
  readonly chunkIndex: number;
  readonly stepStart: number;
  readonly stepCount: number;
  /** Experts per token-layer event (topk + shared_experts). */
  readonly k: number;
  readonly eventCount: number;
  /** First event_id of this chunk (event ids are global and dense). */
  readonly eventIdBase: number;
  readonly step: Int32Array;
  readonly mb: Int32Array;
  readonly token: Int32Array;
  readonly layer: Int32Array;
  readonly experts: Int32Array;
  readonly expertFlops: Float64Array;
  readonly attnFlops: Float64Array;
  readonly kvBytes: Float64Array;
  readonly weightReadCount: number;
  readonly wStep: Int32Array;
  readonly wMb: Int32Array;
  readonly wLayer: Int32Array;
  readonly wExpert: Int32Array;
  readonly wShard: Int32Array;
  readonly wBytes: Float64Array;
}

/** A source of logical chunks in step order; chunk k is reproducible on its own. */
export interface LogicalSource {
  readonly totalSteps: number;
  readonly stepsPerChunk: number;
  readonly chunkCount: number;
  chunk(index: number): LogicalChunk;
}

/** Core-by-core steady-state thermal influence, K/W: T_c = ambient + sum_j H[c][j] * p_j. */
export interface InfluenceMatrix {
  readonly coreCount: number;
  /** Row-major coreCount x coreCount, K/W. */
  readonly data: Float64Array;
  readonly ambientC: number;
  /**
   * The DRAM dies' steady influence (@tasmoe/thermal computeInfluenceMatrix), when the solver
   * gave it; absent for analytic or older (file-cached) matrices, and then TAPS has no DRAM term.
   */
  readonly dram?: DramInfluence;
}

/**
 * Steady influence on the DRAM dies at (vault, die) resolution: node k = die * coreCount + vault,
 * a vault being the banks above one core (the banks whose owner core it is), the node's
 * temperature the mean of that vault's banks on that die. So
 * `T_node = ambient + fromCore p_core + fromAccess p_access + fromBanks P_uniform`, and the cores'
 * share of the reads, `T_core += coreFromAccess p_access`.
 */
export interface DramInfluence {
  /** DRAM dies (die 0 next to the logic die). */
  readonly dies: number;
  /** Row-major (dies x coreCount) x coreCount, K/W: node rise per W in core j. */
  readonly fromCore: Float64Array;
  /**
   * Row-major (dies x coreCount) x coreCount, K/W: node rise per W of weight-shard reads in
   * vault j, spread over the vault's banks die by die in the shares `accessDieShare`.
   */
  readonly fromAccess: Float64Array;
  /** Share of a vault's read power on each die (sums to 1): the stripe group's dies (see computeInfluenceMatrix). */
  readonly accessDieShare: Float64Array;
  /**
   * Row-major coreCount x coreCount, K/W: core c's rise per W of weight-shard reads in vault j (the
   * sources of `fromAccess`, read on the logic die): the reads heat the cores below them too.
   */
  readonly coreFromAccess: Float64Array;
  /** Per node, K/W: rise per W of bank power spread evenly over every bank of the stack (refresh, leakage). */
  readonly fromBanks: Float64Array;
}

/**
 * How each DRAM bank position answers one weight-shard read, from the thermal model (docs/model.md,
 * "Read bursts at the die edge"). A vault streams one shard at a time through its TSVs, so a read
 * puts the vault's whole read power (vault bandwidth x DRAM energy per byte) on one position's stripe
 * group for the read's duration. Per die bank position (row-major over the die, banksX x banksY), with
 * the stripe group homed on the bank rule's first die.
 */
export interface BankBurstResponse {
  readonly banksX: number;
  readonly banksY: number;
  /** Duration of one read, s: a weight shard's bytes over the vault's bandwidth. */
  readonly durationS: number;
  /** Rise of the position's hottest bank at the end of the read, K per W held on its stripe group, from a uniform state. */
  readonly burstKPerW: Float64Array;
  /** Steady rise of the position's hottest bank, K per W of mean read power on its stripe group. */
  readonly steadyKPerW: Float64Array;
  /**
   * Steady rise of every core (its block's mean on the logic die), K per W of mean read power on the
   * position's stripe group: row-major [position][core], banksX x banksY rows of `coreCount`. It says
   * how a vault's choice of positions moves heat over the logic die. Absent: a placement that uses the
   * response does not see the logic die.
   */
  readonly coreKPerW?: Float64Array;
  readonly coreCount?: number;
}

/** A copy of a BankBurstResponse that shares no array with it (a cache hands these out). */
export function copyBankBurstResponse(r: BankBurstResponse): BankBurstResponse {
  return {
    ...r,
    burstKPerW: Float64Array.from(r.burstKPerW),
    steadyKPerW: Float64Array.from(r.steadyKPerW),
    ...(r.coreKPerW === undefined ? {} : { coreKPerW: Float64Array.from(r.coreKPerW) }),
  };
}

/** Per-window hardware state the physicalizer runs at (set by DVFS and refresh). */
export interface HardwareState {
  /** Current frequency of each core, GHz. */
  readonly coreFreqGhz: Float64Array;
  /** Effective bandwidth of each bank (after refresh loss), bytes per ns (= GB/s). */
  readonly bankBwBytesPerNs: Float64Array;
}

/** Physical compute events of a window, columnar (seed `compute_events`). */
export interface ComputeEventColumns {
  count: number;
  evtId: Float64Array;
  tStartNs: Float64Array;
  coreId: Int32Array;
  durationCycles: Float64Array;
  flops: Float64Array;
  /** 0 = fc (expert FFN), 1 = attn. */
  op: Uint8Array;
  /** Global expert number for fc events, -1 for attn. */
  expert: Int32Array;
  mbId: Int32Array;
}

/** Physical memory events of a window, columnar (seed `memory_events`). */
export interface MemoryEventColumns {
  count: number;
  evtId: Float64Array;
  tStartNs: Float64Array;
  srcCore: Int32Array;
  /** Bank index in topology order. */
  bank: Int32Array;
  bytes: Float64Array;
  /** 0 = read, 1 = write. */
  rw: Uint8Array;
  hops: Int32Array;
  /** 0 = normal traffic, 1 = migration traffic. */
  qos: Uint8Array;
}

/** What one window of physicalization produced: events plus the aggregates metrics and power need. */
export interface PhysicalWindow {
  readonly winIdx: number;
  readonly tStartNs: number;
  readonly tEndNs: number;
  readonly compute: ComputeEventColumns;
  readonly memory: MemoryEventColumns;
  /** Per core: ns busy computing in this window. */
  readonly coreBusyNs: Float64Array;
  /** Per core: FLOPs executed in this window. */
  readonly coreFlops: Float64Array;
  /** Per bank: bytes read / written in this window. */
  readonly bankReadBytes: Float64Array;
  readonly bankWriteBytes: Float64Array;
  /** Per bank: ns busy serving bytes. */
  readonly bankBusyNs: Float64Array;
  /** Per directed NoC link (topology link index): flits carried in this window. */
  readonly linkFlits: Float64Array;
  /** Tokens whose last MoE layer finished in this window. */
  readonly completedTokens: number;
  /** Latency of each decode step that finished in this window, ns. */
  readonly stepLatenciesNs: readonly number[];
  /** Overlay actions applied in this window. */
  readonly reroutesApplied: number;
  readonly migrationsApplied: number;
  /** migrationsApplied by kind: weight-shard moves, replica copies started, replicas retired. */
  readonly weightMovesApplied: number;
  readonly replicasCreated: number;
  readonly replicasRetired: number;
  readonly migrationBytes: number;
  /** True when every step of the trace has finished. */
  readonly done: boolean;
}

/** Tasks of the next (not yet committed) window, as TACS sees them. */
export interface PendingWindowView {
  readonly winIdx: number;
  readonly tStartNs: number;
  readonly tEndNs: number;
  /** Everything before this time is committed and can no longer change. */
  readonly commitFrontierNs: number;
  readonly taskCount: number;
  readonly mbId: Int32Array;
  /** Global expert number, -1 for attention. */
  readonly expert: Int32Array;
  /** Core the task would run on without new overlays. */
  readonly core: Int32Array;
  readonly flops: Float64Array;
}

/** Read-only replica queries shared by the physicalizer (owner) and TACS (reader). */
export interface ReplicaStateView {
  /** Cores holding a replica of `expert` beyond its placement (empty if none). */
  replicaCores(expert: number): readonly number[];
  /** May the replica of `expert` on `core` be retired at `nowNs` (min residency met)? */
  canRetire(expert: number, core: number, nowNs: number): boolean;
  /** May a replica of `expert` be created on `core` at `nowNs` (undo cooldown over)? */
  canCreate(expert: number, core: number, nowNs: number): boolean;
  /** Number of migrations / replica copies still in flight at `nowNs`. */
  inFlight(nowNs: number): number;
  /**
   * Is a move of weight shard W_E<expert>_<shard> still copying at `nowNs`? A move of it then is
   * refused (MIGRATION_IN_FLIGHT) with the rest of its window's overlay. Optional: views that
   * cannot tell leave it out.
   */
  weightInFlight?(expert: number, shard: number, nowNs: number): boolean;
}

/**
 * A state object that copies itself when a scenario's loop state is forked (a scenario continuing
 * from another's state): the method gets the graph copier for its fields and returns the copy.
 * For state a generic deep copy cannot reach or must not duplicate (a WebAssembly memory, caches
 * shared by design). A registered symbol, so a package needs no import to implement it.
 */
export const FORK_COPY: unique symbol = Symbol.for('@tasmoe/fork-copy') as never;
export type ForkCopy = (copy: (field: unknown) => unknown) => unknown;
