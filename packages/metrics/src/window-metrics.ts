/**
 * Metrics of one simulated window, as the loop observes them. Temperatures in
 * degrees C (the unit of the trip points and thresholds researchers quote).
 */
export interface WindowMetrics {
  readonly win: number;
  readonly t_start_ms: number;
  readonly t_end_ms: number;
  /** Hottest grid cell of the logic layer at the end of the window. */
  readonly T_peak_logic: number;
  /** Hottest grid cell of any DRAM layer at the end of the window. */
  readonly T_peak_dram: number;
  /** Mean grid-cell temperature of the logic layer. */
  readonly T_mean_logic: number;
  /** Mean grid-cell temperature over the DRAM layers. */
  readonly T_mean_dram: number;
  /** Spatial variance of the core (block-mean) temperatures, K^2. */
  readonly T_var_core: number;
  /** Tokens whose last MoE layer finished in this window. */
  readonly tokens: number;
  /** Decode steps that finished in this window and the sum / max of their latencies, ms. */
  readonly steps_done: number;
  readonly lat_sum_ms: number;
  readonly lat_max_ms: number;
  /** DRAM bytes served and the bytes the banks could have served at their effective bandwidth. */
  readonly dram_bytes: number;
  readonly dram_capacity_bytes: number;
  /** Mean refresh command rate per bank, MHz. */
  readonly refresh_mhz: number;
  /** Flit-hops carried and the flit-hops the links could carry in this window. */
  readonly noc_flit_hops: number;
  readonly noc_capacity_flit_hops: number;
  /** Mean core frequency, GHz, and the fraction of cores below their nominal step. */
  readonly freq_mean_ghz: number;
  readonly throttled_fraction: number;
  /** Overlay actions applied in this window. */
  readonly migrations: number;
  readonly reroutes: number;
  /** `migrations` by kind: weight-shard moves, replica copies started, replicas retired. */
  readonly weight_moves: number;
  readonly replicas_created: number;
  readonly replicas_retired: number;
  /** Energy of the window (logic + DRAM), J. */
  readonly energy_j: number;
  readonly power_logic_w: number;
  readonly power_dram_w: number;
  /** Banks that served any byte in this window (of dram.banks x vaults). */
  readonly banks_touched: number;
  /**
   * Expert (FFN) tasks that started in this window, and the sums over them of their compute time
   * (FLOPs at the core's frequency) and weight-read time (start to last weight shard in), ms.
   */
  readonly expert_tasks: number;
  readonly expert_compute_ms: number;
  readonly expert_weight_read_ms: number;
}

/** `migrations` by kind: written since TACS's relief and replicas are counted apart; older series lack them. */
export const WINDOW_KIND_COLUMNS = ['weight_moves', 'replicas_created', 'replicas_retired'] as const;

/** Column order of the per-window CSV (for plots). */
export const WINDOW_METRICS_COLUMNS: readonly (keyof WindowMetrics)[] = [
  'win',
  't_start_ms',
  't_end_ms',
  'T_peak_logic',
  'T_peak_dram',
  'T_mean_logic',
  'T_mean_dram',
  'T_var_core',
  'tokens',
  'steps_done',
  'lat_sum_ms',
  'lat_max_ms',
  'dram_bytes',
  'dram_capacity_bytes',
  'refresh_mhz',
  'noc_flit_hops',
  'noc_capacity_flit_hops',
  'freq_mean_ghz',
  'throttled_fraction',
  'migrations',
  'reroutes',
  'energy_j',
  'power_logic_w',
  'power_dram_w',
  'banks_touched',
  'expert_tasks',
  'expert_compute_ms',
  'expert_weight_read_ms',
  'weight_moves',
  'replicas_created',
  'replicas_retired',
];
