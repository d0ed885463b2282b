/**
 * The numbers of limits.ts without zod, for code that needs the bounds but not
 * the config schemas (the replay's parse worker loads only this).
 */
/** 0 K in degrees Celsius: every temperature must be above it. */
export const ABSOLUTE_ZERO_C = -273.15;

export const LIMITS = {
  /** Highest temperature a config may give (trip points, refresh curve, ambient, thresholds), C. */
  temperatureMaxC: 500,
  /** Ambient of the package, C. */
  ambientC: { min: -100, max: 200 },
  /** Cores per mesh side, and in total (H needs one steady solve per core). */
  meshSide: 64,
  cores: 1024,
  /** Banks per die side, DRAM dies, and banks in total. */
  bankSide: 1024,
  dramLayers: 64,
  banks: 262_144,
  /** Thermal grid cells per side (HotSpot 7.0's grid model allows up to 1024 in file mode; the embedded solver 256). */
  gridSide: 256,
  /** Die edge, mm; package spreader / sink sides, mm. */
  dieMm: { min: 0.1, max: 100 },
  packageMm: { min: 0.1, max: 1000 },
  /** Layer thickness, um; conductivity W/(m K); volumetric heat capacity J/(m^3 K). */
  thicknessUm: { min: 0.1, max: 10_000 },
  conductivity: { min: 1e-3, max: 5000 },
  heatCapacity: { min: 1e3, max: 1e8 },
  /** Heat-transfer coefficient to ambient, W/(m^2 K). */
  hWm2k: { min: 0.1, max: 1e7 },
  /** DVFS steps, GHz; list lengths of steps, trips and the refresh curve. */
  frequencyGhz: 100,
  listLength: 64,
  /** TACS window, ms: below 10 us the loop's per-window state grows with the windows of one decode step. */
  windowMs: { min: 0.01, max: 1000 },
  /** Workload sizes. */
  moeLayers: 1024,
  expertsPerLayer: 4096,
  sharedExperts: 64,
  contextTokens: 10_000_000,
  microBatch: 65_536,
  decodeSteps: 10_000_000,
  concurrency: 1024,
  /** thermal.warmup_steps: decode steps per micro-batch in flight the steady start averages (at most 20,000 windows, nominal-activity.ts). */
  warmupSteps: 64,
  stripeBanks: 4096,
  tripC: { min: -273, max: 1000 },
  modelDim: 1_048_576,
  /** Names that become file names. */
  nameLength: 120,
  /** Strings and arrays of free-form fields (binary path, extra_args). */
  stringLength: 4096,
  extraArgs: 256,
  /** Config file size, bytes; YAML alias expansions (the yaml package's own default, maxAliasCount). */
  fileBytes: 4 * 1024 * 1024,
  /**
   * Longest line of a recorded trace CSV, bytes: the reader's buffer. A fc row of the largest
   * event (topk + shared_experts <= 4,160 experts, ~30 bytes each in experts_json and flops_json) fits.
   */
  traceLineBytes: 1024 * 1024,
  /** Bytes of a routing counts file (layers x experts_per_layer rows of `layer,expert,count`, ~16 bytes each). */
  countsFileBytes: 64 * 1024 * 1024,
  yamlAliases: 100,
} as const;
