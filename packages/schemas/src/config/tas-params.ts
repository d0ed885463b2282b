/**
 * TAPS / TACS hyper-parameters (seed section 2.3) with the knobs SPEC section 4
 * adds (gamma, EMA alpha, hop radius, NoC deferral, undo cooldown, solver).
 */
import { z } from 'zod';
import { fraction, nonNegative } from './common.js';
import { LIMITS, nonNegativeAtMost, positiveAtMost, positiveIntAtMost, temperatureC, within } from './limits.js';

/**
 * Weight of TAPS's DRAM peak term, w_dram x (max predicted DRAM node - ambient), K. Equal to w_peak
 * by reason, not by tuning: both terms are peaks in kelvin of the same steady model, and the DRAM
 * peak is what decides the refresh rate (JEDEC doubles it above 85 C; the arch's tref_curve steps
 * every 15 K), as the logic peak decides DVFS. Only used where the influence matrix has a DRAM part
 * (the thermal solver's); otherwise the term is absent.
 */
export const DEFAULT_W_DRAM = 1.0;

export const TapsParamsSchema = z.strictObject({
  objective: z
    .strictObject({
      w_peak: nonNegative().default(1.0),
      w_var: nonNegative().default(0.2),
      w_smooth: nonNegative().default(0.1),
      w_dram: nonNegative()
        .default(DEFAULT_W_DRAM)
        .describe(
          'weight of the predicted DRAM peak (hottest vault-die node above ambient, K); needs the thermal solver influence matrix',
        ),
    })
    .default({ w_peak: 1.0, w_var: 0.2, w_smooth: 0.1, w_dram: DEFAULT_W_DRAM }),
  capacity: z
    .strictObject({
      core_flops_tps: positiveAtMost(1e18).default(5e12).describe('peak FLOP/s of one core at nominal frequency'),
      bank_bw_gbps: positiveAtMost(1e6).default(25).describe('raw bandwidth of one DRAM bank, GB/s'),
    })
    .default({ core_flops_tps: 5e12, bank_bw_gbps: 25 }),
  replicate_hot_k: z.number().int().nonnegative().max(LIMITS.cores).default(1),
  critical_path_tolerance: nonNegativeAtMost(1)
    .default(0.01)
    .describe(
      "hard throughput constraint: every MoE layer's expected critical path (and the busiest core) within this fraction of the default placement's",
    ),
  solver: z
    .enum(['heuristic', 'highs', 'lp-solver'])
    .default('heuristic')
    .describe('placement back end; MILP back ends fall back to the heuristic on failure'),
  time_limit_s: positiveAtMost(86_400).default(30),
  heat_estimate: z
    .enum(['analytic', 'trace-prefix'])
    .default('analytic')
    .describe('expert heat f_e from the Zipf routing model, or from a prefix of the trace'),
  // "burst+logic" lowers the logic peak further by concentrating reads on the positions that heat the
  // logic die least, at a cost in T_peak_dram the burst model does not see (measured: 0.21 K on default
  // Mixtral, up to 0.56 K on other configs; docs/model.md "The positions' heat on the logic die"),
  // hence not the default.
  bank_positions: z
    .enum(['burst', 'burst+logic'])
    .default('burst')
    .describe(
      "which bank positions hold weight shards (with the thermal solver): the read-burst plan, or that plan refined for TAPS's logic-die objective under the die's predicted burst peak",
    ),
});

export const TacsParamsSchema = z.strictObject({
  window_ms: within(LIMITS.windowMs)
    .default(3.0)
    .describe(`window length, ms (${LIMITS.windowMs.min} to ${LIMITS.windowMs.max})`),
  // Soft DTM thresholds below the first hard DVFS trip (80 °C): the balancer acts at 77 °C, inside
  // the range the default run visits at its operating point, and treats 78 °C as an emergency, so migration gets its chance before the governor throttles (docs/model.md,
  // "Operating point").
  // Temg_dram: a bank's emergency, JEDEC's normal operating range limit for DRAM (85 °C: above it
  // a DDR4 / HBM device must refresh at least twice as often, JESD79-4 / JESD235 "extended
  // temperature range"; the arch's default tref_curve takes its last step there). Weight shards
  // move only out of stripe groups at or above it (docs/model.md, "TACS").
  thresholds: z
    .strictObject({
      Thot: temperatureC().default(77.0),
      Temg: temperatureC().default(78.0),
      Temg_dram: temperatureC()
        .default(85.0)
        .describe('DRAM emergency: weight shards move out of stripe groups with a bank at or above it, C'),
    })
    .default({ Thot: 77.0, Temg: 78.0, Temg_dram: 85.0 }),
  q_target: fraction().default(0.7),
  gamma: nonNegativeAtMost(1e6).default(0.5).describe('weight of the load term in the pressure score'),
  cost: z
    .strictObject({
      lambda_hops: nonNegative().default(1.0),
      mu_noc: nonNegative().default(2.0),
      eta_temp: nonNegative().default(1.5),
    })
    .default({ lambda_hops: 1.0, mu_noc: 2.0, eta_temp: 1.5 }),
  max_parallel_migrations: z.number().int().nonnegative().max(LIMITS.cores).default(4),
  min_residency_ms: nonNegativeAtMost(1e9).default(15),
  undo_cooldown_ms: nonNegativeAtMost(1e9)
    .default(30)
    .describe('no re-creation of a retired replica on the same core within this time'),
  ema_alpha: z.number().min(0.4).max(0.6).default(0.5).describe('EMA weight of the newest temperature'),
  top_k_sources: positiveIntAtMost(LIMITS.cores).default(4),
  hop_radius: positiveIntAtMost(2 * LIMITS.meshSide).default(2),
  noc_defer_threshold: fraction().default(0.8).describe('defer migrations while noc_load is above this'),
});

/**
 * The eplb reference placement (DeepSeek's EPLB: replicate the experts with the highest load per
 * replica, then pack replicas onto cores; docs/model.md "EPLB reference"). Thermally naive.
 */
export const EplbParamsSchema = z.strictObject({
  redundant_slots: z
    .number()
    .int()
    .nonnegative()
    .max(LIMITS.cores * LIMITS.moeLayers * LIMITS.expertsPerLayer)
    .optional()
    .describe(
      "replicas beyond one per expert; default 12.5 % of the workload's experts, rounded (DeepSeek-V3 serves 256 routed experts per layer with 32 redundant ones)",
    ),
});

export const TasParamsSchema = z.strictObject({
  taps: TapsParamsSchema.default(TapsParamsSchema.parse({})),
  tacs: TacsParamsSchema.default(TacsParamsSchema.parse({})),
  eplb: EplbParamsSchema.default(EplbParamsSchema.parse({})),
});

export type TasParamsInput = z.input<typeof TasParamsSchema>;
export type TasParams = z.output<typeof TasParamsSchema>;
export type TapsParams = z.output<typeof TapsParamsSchema>;
export type TacsParams = z.output<typeof TacsParamsSchema>;
export type EplbParams = z.output<typeof EplbParamsSchema>;
