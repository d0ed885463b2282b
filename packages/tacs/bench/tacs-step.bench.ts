/**
 * tacsStep cost per window on the 8x8 mesh with the full 32x32x8 DRAM stack.
 * Target: a median under 0.1 ms per window (TARGET_MS). Prints the median and p99 per call for
 * several realistic pending windows; inputs are deterministic (integer hash, no RNG).
 *
 * Each scenario is timed twice: called with number arrays and a fresh state (any caller), and
 * as the closed loop calls it on the default 16x16 thermal grid: bank temperatures in a typed
 * array, equal over each 2x2 bank cell, with those bank twins named (bankTwins), the state
 * updated in place (reusePrev).
 *
 * Run: pnpm --filter @tasmoe/tacs bench (TACS_BENCH_CALLS: calls per case, default 2000;
 * TACS_BENCH_ONLY: only the scenarios whose name contains it)
 */
import {
  encodeBankId,
  makeTopology,
  TacsParamsSchema,
  type PendingWindowView,
  type Placement,
  type ReplicaStateView,
  type Telemetry,
} from '@tasmoe/schemas';
import { bankTwinGroups, buildExpertWeights, tacsStep, type TacsState } from '../src/index.js';

const topo = makeTopology(8, 8, 32, 32, 8);
const CORES = topo.coreCount;
const WINDOW_NS = 3_000_000;
const params = TacsParamsSchema.parse({});
const hw = { coreFlopsPerSec: 5e12, joulesPerFlop: 0.3e-12, linkBytesPerNs: 6.4, stripeBanks: 8 };

/** The default loop grid (16x16 cells over 32x32 banks): each bank's twin is the first bank of its 2x2 cell. */
const twinOf = Int32Array.from({ length: topo.bankCount }, (_, b) => {
  const { x, y, layer } = topo.bankCoord(b);
  return topo.bankIndex({ x: x - (x % 2), y: y - (y % 2), layer });
});
const twins = bankTwinGroups(twinOf);

/** Deterministic value in [0, 1) from integers. */
function hash01(...xs: number[]): number {
  let h = 2166136261;
  for (const x of xs) {
    h ^= x & 0xffffffff;
    h = Math.imul(h, 16777619);
    h ^= h >>> 13;
  }
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

interface Scenario {
  readonly name: string;
  readonly experts: number;
  readonly tasks: number;
  readonly hotspots: readonly { core: number; amp: number }[];
  readonly hotBanks: number;
  readonly replicasPerHotspot: number;
}

function placementFor(experts: number): Placement {
  const p: Placement = { experts: {}, tensors: {} };
  for (let e = 0; e < experts; e++) {
    const core = e % CORES;
    p.experts[`E${e}`] = { cores: [core], policy: 'single' };
    const bank = topo.vaultBanks(core, e % 8)[e % 16] ?? 0;
    p.tensors[`W_E${e}_0`] = { dram_bank: encodeBankId(topo.bankCoord(bank)) };
  }
  return p;
}

function telemetryFor(s: Scenario, w: number): Telemetry {
  const temps = Array.from({ length: CORES }, (_, c) => {
    let t = 58 + 6 * hash01(c, w);
    for (const h of s.hotspots) t += h.amp * 0.45 ** topo.hops(c, h.core);
    return t;
  });
  const temps_bank = Array.from({ length: topo.bankCount }, (_, b) => {
    const base = (temps[topo.bankOwnerCore(b)] ?? 60) + 4 + 2 * hash01(b, w);
    return b % Math.max(1, Math.floor(topo.bankCount / Math.max(1, s.hotBanks))) === 0 && s.hotBanks > 0 ? 92 : base;
  });
  return {
    temps_core: temps,
    temps_bank,
    util_core: temps.map((t) => Math.min(1, (t - 50) / 40)),
    noc_load: 0.3,
    ts_ns: w * WINDOW_NS,
  };
}

/** Tasks concentrated on hotspot cores (half of them) and spread over the rest. */
function pendingFor(s: Scenario, w: number): PendingWindowView {
  const n = s.tasks;
  const mbId = new Int32Array(n);
  const expert = new Int32Array(n);
  const core = new Int32Array(n);
  const flops = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mbId[i] = i % 32;
    const onHot = i % 2 === 0 && s.hotspots.length > 0;
    const hot = s.hotspots[i % Math.max(1, s.hotspots.length)];
    const c = onHot && hot !== undefined ? hot.core : Math.floor(hash01(i, w, 7) * CORES);
    // Experts hosted on core c: e = c + 64k.
    const k = Math.floor(hash01(i, w, 11) * Math.floor(s.experts / CORES));
    expert[i] = c + CORES * k;
    core[i] = c;
    flops[i] = 1e8 + 4e9 * hash01(i, w, 13);
  }
  const tStartNs = w * WINDOW_NS;
  return {
    winIdx: w,
    tStartNs,
    tEndNs: tStartNs + WINDOW_NS,
    commitFrontierNs: tStartNs,
    taskCount: n,
    mbId,
    expert,
    core,
    flops,
  };
}

function replicaStateFor(s: Scenario): ReplicaStateView {
  const map = new Map<number, number[]>();
  for (const h of s.hotspots) {
    const near = topo.neighbours(h.core, 2);
    for (let r = 0; r < s.replicasPerHotspot; r++) {
      const e = h.core + CORES * r;
      map.set(e, [near[r % near.length] ?? 0]);
    }
  }
  return {
    replicaCores: (e) => map.get(e) ?? [],
    canRetire: () => true,
    canCreate: (e, c) => (e + c) % 5 !== 0,
    inFlight: () => 1,
  };
}

/** Median per-window cost the closed loop can afford (8x8 mesh). */
const TARGET_MS = 0.1;

function bench(s: Scenario, calls: number, asLoop: boolean): void {
  const placement = placementFor(s.experts);
  const weights = buildExpertWeights(placement, topo, 64 * 2 ** 20);
  const replicas = replicaStateFor(s);
  const windows = 16;
  const inputs = Array.from({ length: windows }, (_, w) => {
    const tele = telemetryFor(s, w);
    if (!asLoop) return { tele, pending: pendingFor(s, w), banks: undefined };
    const banks = Float64Array.from(twinOf, (h) => tele.temps_bank[h] ?? 0);
    return { tele: { ...tele, temps_bank: [] }, pending: pendingFor(s, w), banks };
  });
  let prev: TacsState | undefined;
  let rows = 0;
  let decisions = 0;
  const times: number[] = [];
  for (let i = 0; i < calls + 200; i++) {
    const input = inputs[i % windows];
    if (input === undefined) continue;
    const t0 = process.hrtime.bigint();
    const res = tacsStep(input.tele, placement, replicas, params, input.pending, {
      topology: topo,
      hw,
      weights,
      ...(prev === undefined ? {} : { prev }),
      ...(input.banks === undefined ? {} : { bankTempsC: input.banks, bankTwins: twins, reusePrev: true }),
    });
    const t1 = process.hrtime.bigint();
    prev = res.next;
    if (i >= 200) {
      times.push(Number(t1 - t0) / 1e6);
      rows += res.reroute.length + res.migrate.length;
      decisions += res.decisions.length;
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const p99 = times[Math.floor(times.length * 0.99)] ?? NaN;
  console.log(
    `${s.name.padEnd(38)} ${asLoop ? 'loop ' : 'plain'} tasks=${String(s.tasks).padStart(4)} experts=${String(s.experts).padStart(5)}  ` +
      `median ${median.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  (median target < ${TARGET_MS} ms: ${(median / TARGET_MS).toFixed(2)}x)  ` +
      `rows/window ${(rows / calls).toFixed(1)}  decisions/window ${(decisions / calls).toFixed(1)}`,
  );
}

const calls = Number(process.env.TACS_BENCH_CALLS ?? 2000);
const scenarios: Scenario[] = [
  { name: 'cold chip', experts: 256, tasks: 300, hotspots: [], hotBanks: 0, replicasPerHotspot: 0 },
  {
    name: 'mixtral: 3 hotspots, replicas',
    experts: 256,
    tasks: 300,
    hotspots: [
      { core: 27, amp: 28 },
      { core: 12, amp: 24 },
      { core: 50, amp: 22 },
    ],
    hotBanks: 0,
    replicasPerHotspot: 3,
  },
  {
    name: 'mixtral: emergencies + hot DRAM banks',
    experts: 256,
    tasks: 300,
    hotspots: [
      { core: 27, amp: 36 },
      { core: 36, amp: 34 },
      { core: 5, amp: 30 },
      { core: 58, amp: 30 },
      { core: 40, amp: 30 },
    ],
    hotBanks: 64,
    replicasPerHotspot: 3,
  },
  {
    name: 'deepseek-v2 size: 4 hotspots',
    experts: 9720,
    tasks: 800,
    hotspots: [
      { core: 27, amp: 28 },
      { core: 12, amp: 24 },
      { core: 50, amp: 22 },
      { core: 62, amp: 26 },
    ],
    hotBanks: 0,
    replicasPerHotspot: 3,
  },
];
console.log(
  `tacsStep on the 8x8 mesh, 32x32x8 banks, ${calls} calls per scenario after 200 warm-up calls (Node ${process.version})`,
);
// TACS_BENCH_ONLY="deepseek" keeps the scenarios whose name contains it (to profile one)
const only = process.env.TACS_BENCH_ONLY;
// TACS_BENCH_MODE="loop" (or "plain") runs one input form only: the closed loop passes only the
// loop's typed arrays, so a process that saw the plain form first runs the loop form on code
// compiled for both
const mode = process.env.TACS_BENCH_MODE;
for (const s of scenarios.filter((x) => only === undefined || x.name.includes(only))) {
  if (mode !== 'loop') bench(s, calls, false);
  if (mode !== 'plain') bench(s, calls, true);
}
