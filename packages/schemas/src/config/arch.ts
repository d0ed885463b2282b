/**
 * Hardware config (seed section 2.1) plus what the models need and the seed
 * left out: power, thermal solver settings, DVFS hysteresis, DRAM bank capacity.
 * Defaults are documented in docs/model.md; every field has a `.describe()` so
 * the exported JSON Schema documents it too.
 */
import { z } from 'zod';
import { LIMITS, nonNegativeAtMost, positiveAtMost, positiveIntAtMost, temperatureC, within } from './limits.js';

const materialLayer = (d: { thickness_um: number; k_wmk: number; cv_jm3k: number }) =>
  z
    .strictObject({
      thickness_um: within(LIMITS.thicknessUm).describe('layer thickness, micrometres'),
      k_wmk: within(LIMITS.conductivity).describe('thermal conductivity, W/(m K)'),
      cv_jm3k: within(LIMITS.heatCapacity).default(d.cv_jm3k).describe('volumetric heat capacity, J/(m^3 K)'),
    })
    .default(d);

const packageSlab = (d: { side_mm: number; thickness_mm: number; k_wmk: number; cv_jm3k: number }) =>
  z
    .strictObject({
      side_mm: within(LIMITS.packageMm).default(d.side_mm),
      thickness_mm: within({ min: LIMITS.thicknessUm.min / 1000, max: LIMITS.packageMm.max }).default(d.thickness_mm),
      k_wmk: within(LIMITS.conductivity).default(d.k_wmk),
      cv_jm3k: within(LIMITS.heatCapacity).default(d.cv_jm3k),
    })
    .default(d);

export const DvfsDomainSchema = z.strictObject({
  cores: z
    .union([z.literal('all'), z.array(z.number().int().nonnegative().max(LIMITS.cores)).min(1).max(LIMITS.cores)])
    .describe('"all" or the list of core ids in this DVFS domain'),
  steps_ghz: z
    .array(positiveAtMost(LIMITS.frequencyGhz))
    .min(1)
    .max(LIMITS.listLength)
    .describe('frequency steps, nominal first, strictly decreasing'),
  trip_c: z
    .array(temperatureC())
    .max(LIMITS.listLength)
    .describe('trip temperatures in C, strictly increasing; one fewer than steps_ghz'),
  hysteresis_c: nonNegativeAtMost(100)
    .default(2)
    .describe('a step is left upwards only once the core is this far below its trip point (CoMeT: 80/78 C)'),
});

export const ArchConfigSchema = z.strictObject({
  mesh: z.strictObject({
    cores: z
      .tuple([positiveIntAtMost(LIMITS.meshSide), positiveIntAtMost(LIMITS.meshSide)])
      .describe(
        `[columns, rows] of the logic-core mesh (each at most ${LIMITS.meshSide}, at most ${LIMITS.cores} cores)`,
      ),
    noc: z
      .strictObject({
        topology: z.literal('mesh').default('mesh'),
        width_bits: positiveIntAtMost(65_536).default(256).describe('link width in bits (one flit)'),
        link_latency_ns: within({ min: 1e-3, max: 1e6 }).default(5).describe('one flit per link per link_latency_ns'),
        router_energy_pj_per_bit: nonNegativeAtMost(1e6).default(0.1).describe('NoC energy per bit per hop'),
      })
      .default({ topology: 'mesh', width_bits: 256, link_latency_ns: 5, router_energy_pj_per_bit: 0.1 }),
  }),
  dram: z.strictObject({
    banks: z
      .tuple([
        positiveIntAtMost(LIMITS.bankSide),
        positiveIntAtMost(LIMITS.bankSide),
        positiveIntAtMost(LIMITS.dramLayers),
      ])
      .describe(
        `[x, y, layers]: banks per DRAM die in x and y, and the number of DRAM dies (at most ${LIMITS.banks} banks)`,
      ),
    page_kb: positiveAtMost(1024 * 1024).default(8),
    bank_capacity_mb: positiveAtMost(1024 * 1024)
      .default(64)
      .describe('capacity of one bank, MiB (holds one 64 MiB weight shard of the seed workloads)'),
    stripe_banks: positiveIntAtMost(LIMITS.stripeBanks)
      .default(8)
      .describe(
        'banks of its vault a weight shard is interleaved over: its home bank position on consecutive DRAM dies, then the next positions; ' +
          '8 = one bank on each of 8 dies, as a vault spans every die of the stack (HMC 2.1 specification, vault = one bank column through all DRAM dies)',
      ),
    vault_bw_gbps: positiveAtMost(1e6)
      .default(16)
      .describe(
        'bandwidth of one vault (its TSV bundle), GB/s, shared by all its banks: 16 GB/s per vault as in Tesseract ' +
          '(Ahn et al., ISCA 2015, HMC-based, 32 vaults x 16 GB/s per cube); HMC 2.1 gives 10 GB/s per vault',
      ),
  }),
  geometry: z.strictObject({
    macro_size_mm: z
      .tuple([within(LIMITS.dieMm), within(LIMITS.dieMm)])
      .default([5.0, 2.0])
      .describe('seed field (size of one macro); informational, the thermal model uses die_mm'),
    die_mm: z
      .tuple([within(LIMITS.dieMm), within(LIMITS.dieMm)])
      .default([10, 10])
      .describe('die width and height in mm; every die of the stack has this footprint'),
    layers: z
      .strictObject({
        logic: materialLayer({ thickness_um: 50, k_wmk: 120, cv_jm3k: 1.75e6 }),
        dram: materialLayer({ thickness_um: 50, k_wmk: 2, cv_jm3k: 1.75e6 }),
        tim: materialLayer({ thickness_um: 20, k_wmk: 5, cv_jm3k: 4.0e6 }),
        bond: z
          .strictObject({
            thickness_um: within(LIMITS.thicknessUm),
            k_wmk: within(LIMITS.conductivity),
            cv_jm3k: within(LIMITS.heatCapacity).default(1.75e6),
          })
          .optional()
          .describe(
            'when present, each DRAM tier is modelled as a die (layers.dram) plus this bonding layer; ' +
              'see docs/model.md "DRAM tiers"',
          ),
      })
      .default({
        logic: { thickness_um: 50, k_wmk: 120, cv_jm3k: 1.75e6 },
        dram: { thickness_um: 50, k_wmk: 2, cv_jm3k: 1.75e6 },
        tim: { thickness_um: 20, k_wmk: 5, cv_jm3k: 4.0e6 },
      }),
    cooling: z
      .strictObject({
        type: z
          .enum(['air', 'convective'])
          .default('air')
          .describe(
            '"air" (default): HotSpot-style heat spreader + heat sink with sink-to-air resistance 1/(h * sink area); ' +
              '"convective": the sink-side die face sees ambient through an effective heat-transfer ' +
              'coefficient h (the cooler lumped; no HotSpot equivalent, embedded back end only)',
          ),
        h_wmk2k: within(LIMITS.hWm2k).default(10000).describe('heat-transfer coefficient to ambient, W/(m^2 K)'),
      })
      .default({ type: 'air', h_wmk2k: 10000 }),
  }),
  dvfs: z
    .strictObject({
      domains: z.array(DvfsDomainSchema).min(1).max(LIMITS.cores),
    })
    .default({ domains: [{ cores: 'all', steps_ghz: [2.0, 1.8, 1.6, 1.2], trip_c: [80, 85, 90], hysteresis_c: 2 }] }),
  refresh: z
    .strictObject({
      tref_base_us: positiveAtMost(1e6).default(7.8).describe('refresh command interval (tREFI) at multiplier 1, us'),
      tref_curve: z
        .array(z.tuple([temperatureC(), positiveAtMost(1e4)]))
        .min(1)
        .max(LIMITS.listLength)
        .default([
          [40, 1.0],
          [55, 2.0],
          [70, 4.0],
          [85, 8.0],
        ])
        .describe('step curve [[T_C, multiplier], ...]: at or above T_C the refresh rate is multiplier / tref_base'),
      trfc_ns: positiveAtMost(1e6).default(350).describe('bank busy time per refresh command (tRFC), ns'),
    })
    .default({
      tref_base_us: 7.8,
      tref_curve: [
        [40, 1.0],
        [55, 2.0],
        [70, 4.0],
        [85, 8.0],
      ],
      trfc_ns: 350,
    }),
  power: z
    .strictObject({
      alpha_cmp_pj_per_flop: positiveAtMost(1e6).default(0.3).describe('dynamic core energy per FLOP, pJ'),
      core_idle_w: nonNegativeAtMost(1e4).default(0.05).describe('clock/idle power of an active core, W'),
      core_leak_w: nonNegativeAtMost(1e4).default(0.12).describe('core leakage at leak_ref_c, W'),
      bank_leak_w: nonNegativeAtMost(1e3).default(0.0003).describe('bank background + leakage power at leak_ref_c, W'),
      leak_ref_c: temperatureC().default(60),
      leak_beta_per_k: nonNegativeAtMost(1)
        .default(0.017)
        .describe('leakage = leak_ref * exp(beta * (T - T_ref)); 0.017/K doubles every ~40 K'),
      dram_pj_per_byte: nonNegativeAtMost(1e6)
        .default(10)
        .describe('DRAM array + TSV energy per byte read or written, pJ (near-memory, no off-chip PHY)'),
      refresh_nj_per_command: nonNegativeAtMost(1e6)
        .default(3.55)
        .describe('energy of one refresh command of one bank, nJ (CoMeT default)'),
    })
    .default({
      alpha_cmp_pj_per_flop: 0.3,
      core_idle_w: 0.05,
      core_leak_w: 0.12,
      bank_leak_w: 0.0003,
      leak_ref_c: 60,
      leak_beta_per_k: 0.017,
      dram_pj_per_byte: 10,
      refresh_nj_per_command: 3.55,
    }),
  thermal: z
    .strictObject({
      backend: z.enum(['embedded', 'hotspot-file']).default('embedded'),
      ambient_c: within(LIMITS.ambientC)
        .default(45)
        .describe(`ambient temperature, C (${LIMITS.ambientC.min} to ${LIMITS.ambientC.max})`),
      grid: z
        .tuple([positiveIntAtMost(LIMITS.gridSide), positiveIntAtMost(LIMITS.gridSide)])
        .default([16, 16])
        .describe(
          '[rows, cols] of every thermal grid layer; 16x16 (2x2 cells per core) keeps one 3 ms step of the experiment loop ' +
            'under ~0.3 ms; 32x32 / 64x64 for accuracy studies (docs/model.md "Thermal loop speed")',
        ),
      sub_cell_banks: z
        .boolean()
        .default(false)
        .describe(
          'embedded back end: DRAM bank temperatures at bank resolution when grid cells hold several banks ' +
            '(a precomputed correction; at 16x16 DRAM peaks within ~0.2 K of 64x64 instead of ~1.6 K low, ' +
            '~1.4x the loop time; on in the shipped arch configs; docs/model.md "Sub-cell banks")',
        ),
      stack_order: z
        .enum(['logic_near_sink', 'dram_near_sink'])
        .default('logic_near_sink')
        .describe('which die faces the heat sink (CoMeT default: logic)'),
      initial: z
        .enum(['steady', 'ambient'])
        .default('steady')
        .describe('start from the steady state of the nominal power, or from ambient'),
      warmup_steps: z
        .number()
        .int()
        .min(0)
        .max(LIMITS.warmupSteps)
        .default(0)
        .describe(
          'initial steady: the nominal power is the mean of the first N whole decode steps of every micro-batch in flight ' +
            '(4: within 0.4 K of the steady state of the whole default run); 0: of the first 100 windows, less than half a ' +
            'default decode step, from which the default run heats up by ~8 K (docs/model.md "Predicted and simulated peaks")',
        ),
      trip_c: within(LIMITS.tripC)
        .default(125)
        .describe(
          'thermal trip: a block at or above this shuts the stack down, as a chip asserts THERMTRIP# (125 C: the maximum junction ' +
            'temperature of commercial silicon, e.g. Intel Xeon THERMTRIP# datasheets); a run whose steady start or any window reaches it stops with one line',
        ),
      spreader: packageSlab({ side_mm: 30, thickness_mm: 1, k_wmk: 400, cv_jm3k: 3.55e6 }),
      sink: packageSlab({ side_mm: 60, thickness_mm: 6.9, k_wmk: 400, cv_jm3k: 3.55e6 }),
      c_convec_jk: nonNegativeAtMost(1e7)
        .default(140.4)
        .describe('heat capacity of the sink-to-air boundary, J/K (HotSpot)'),
      hotspot: z
        .strictObject({
          binary: z
            .string()
            .min(1)
            .max(LIMITS.stringLength)
            .optional()
            .describe(
              'HotSpot-compatible binary for backend "hotspot-file" (or env TASMOE_HOTSPOT); a relative path resolves against the config file\'s folder',
            ),
          extra_args: z.array(z.string().max(LIMITS.stringLength)).max(LIMITS.extraArgs).default([]),
          timeout_s: positiveAtMost(7 * 86_400).default(600),
          preset: z
            .enum(['hotspot7', 'comet'])
            .optional()
            .describe(
              'option preset: "hotspot7" (stock HotSpot 7.0, default) or "comet" (CoMeT\'s modified HotSpot: -model_secondary 1 -detailed_3D on)',
            ),
          end_state: z
            .enum(['grid-transient', 'all-transient'])
            .optional()
            .describe(
              'how a window\'s end state is read back: "grid-transient" (stock HotSpot; default for hotspot7) or "all-transient" (-all_transient_file; default for comet)',
            ),
          keep_run_folder: z
            .boolean()
            .optional()
            .describe(
              "keep the private run folder after the run (default false; a failed run's folder is always kept)",
            ),
          max_units: positiveIntAtMost(1 << 24)
            .optional()
            .describe('blocks the binary reads per file (HotSpot MAX_UNITS in flp.h; default 8192, stock HotSpot 7.0)'),
          line_size: positiveIntAtMost(1 << 30)
            .optional()
            .describe(
              'longest line the binary reads, characters (HotSpot LINE_SIZE in util.h; default 65536, stock HotSpot 7.0)',
            ),
        })
        .default({ extra_args: [], timeout_s: 600 }),
    })
    .default({
      backend: 'embedded',
      ambient_c: 45,
      grid: [16, 16],
      sub_cell_banks: false,
      stack_order: 'logic_near_sink',
      initial: 'steady',
      warmup_steps: 0,
      trip_c: 125,
      spreader: { side_mm: 30, thickness_mm: 1, k_wmk: 400, cv_jm3k: 3.55e6 },
      sink: { side_mm: 60, thickness_mm: 6.9, k_wmk: 400, cv_jm3k: 3.55e6 },
      c_convec_jk: 140.4,
      hotspot: { extra_args: [], timeout_s: 600 },
    }),
});

export type ArchConfigInput = z.input<typeof ArchConfigSchema>;
export type ArchConfig = z.output<typeof ArchConfigSchema>;
export type DvfsDomainConfig = z.output<typeof DvfsDomainSchema>;
