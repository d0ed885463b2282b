/**
 * The power injector (seed `compute_power_from_events`, SPEC section 4 "Power"):
 * per-core and per-bank watts of one window, with a breakdown.
 *
 *   P_core = alpha_cmp x FLOPs / window                       dynamic
 *          + core_idle_w x busy fraction  (or always, opts)   clock/idle
 *          + core_leak_w x exp(beta (T_core - T_ref))         leakage
 *          + NoC energy of the flits its router drives / window
 *   P_bank = dram_pj_per_byte x (read + write bytes) / window access
 *          + refresh rate(T_bank) x refresh_nj_per_command    refresh
 *          + bank_leak_w x exp(beta (T_bank - T_ref))         leakage
 *
 * Leakage and refresh are evaluated at `prevTemps`, the temperatures at the
 * end of the previous window: the leakage/temperature loop is lagged one
 * window (a window is milliseconds, the package time constant tens of seconds,
 * so the lag error is far below a kelvin). The steady-state start iterates the
 * loop to a fixed point instead (leakage-fixed-point.ts).
 *
 * Dynamic terms come from the window's aggregates (`coreFlops`, bank bytes,
 * `linkFlits`, which the physicalizer sums from its events with time
 * attribution across window edges) or, with `source: 'events'`, straight from
 * the event columns. Either way the window's energy equals the sum of
 * event-energy.ts over its events plus the static terms.
 *
 * NoC energy is attributed to the router that drives each link: directed link
 * `core * 4 + dir` belongs to `core` (topology link indexing).
 */
import type { PhysicalWindow, ResolvedArchConfig, Topology } from '@tasmoe/schemas';
import type { BlockTemperaturesC } from './block-temperatures.js';
import { bankPowersInForce } from './bank-power-in-force.js';
import { PowerModelError } from './errors.js';
import { eventEnergyCoefficients, flitsForBytes, type EventEnergyCoefficients } from './event-energy.js';
import {
  compileRefreshCurve,
  compiledRefreshMultiplier,
  type CompiledRefreshCurve,
} from '../refresh/compiled-refresh-curve.js';

export type PowerArch = Pick<ResolvedArchConfig, 'power' | 'mesh' | 'refresh'>;

/** Per-window power, W, with its breakdown. Totals: coreW = dynamic + idle + leak + noc; bankW = access + refresh + leak. */
export interface WindowPower {
  /** Window length the powers average over, s. */
  windowS: number;
  readonly coreW: Float64Array;
  readonly coreDynamicW: Float64Array;
  readonly coreIdleW: Float64Array;
  readonly coreLeakW: Float64Array;
  readonly coreNocW: Float64Array;
  readonly bankW: Float64Array;
  readonly bankAccessW: Float64Array;
  readonly bankRefreshW: Float64Array;
  readonly bankLeakW: Float64Array;
  /** Sums of coreW and bankW, W (kept by computePowerFromEvents so per-window metrics need no extra pass). */
  coreTotalW: number;
  bankTotalW: number;
  /**
   * DRAM bytes of the window, the sum over banks of read + write bytes in bank order (NaN when the
   * powers came from the event columns, which this pass does not sum).
   */
  bankBytesTotal: number;
  /** Banks that moved any byte in the window (read + write > 0), counted in the same pass; -1 when not counted (as bankBytesTotal is NaN; an integer field: a NaN start made V8 deoptimise the pass again and again). */
  banksTouched: number;
  /** Scratch for XY routes in `source: 'events'` mode. */
  readonly routeScratch: Int32Array;
}

/**
 * `blockW` (length cores + banks): coreW and bankW are its two halves, so the totals are written
 * straight into the thermal back end's block power vector (toBlockPowerW then has nothing to copy).
 */
export function createWindowPower(coreCount: number, bankCount: number, blockW?: Float64Array): WindowPower {
  const c = () => new Float64Array(coreCount);
  const b = () => new Float64Array(bankCount);
  if (blockW !== undefined && blockW.length !== coreCount + bankCount)
    throw new PowerModelError(
      'POWER_INPUT',
      `block power vector has ${blockW.length} entries, expected ${coreCount + bankCount} (cores then banks)`,
    );
  return {
    windowS: Number.NaN,
    coreW: blockW === undefined ? c() : blockW.subarray(0, coreCount),
    coreDynamicW: c(),
    coreIdleW: c(),
    coreLeakW: c(),
    coreNocW: c(),
    bankW: blockW === undefined ? b() : blockW.subarray(coreCount),
    bankAccessW: b(),
    bankRefreshW: b(),
    bankLeakW: b(),
    coreTotalW: Number.NaN,
    bankTotalW: Number.NaN,
    bankBytesTotal: Number.NaN,
    banksTouched: -1,
    // an XY route has at most cols + rows - 2 <= coreCount links
    routeScratch: new Int32Array(Math.max(1, coreCount)),
  };
}

/**
 * How `core_idle_w` (clock/idle power of an active core) is charged:
 * 'busy' pro-rata to the core's busy fraction (clock-gated when idle, the
 * default); 'always' for the whole window (never gated).
 */
export type IdlePowerAccounting = 'busy' | 'always';

export interface PowerOptions {
  /** Output buffers (allocation-free per-window use); allocated when absent. */
  readonly out?: WindowPower;
  /** Dynamic terms from the window's aggregates (default) or from its event columns. */
  readonly source?: 'aggregates' | 'events';
  readonly idle?: IdlePowerAccounting;
  /**
   * Refresh rates (commands/s per bank) in force during this window, e.g. the
   * HardwareState's; default: each bank's rate at prevTemps.bankC.
   */
  readonly bankRefreshPerS?: Float64Array;
  /**
   * Fill the per-bank breakdown (bankAccessW, bankRefreshW; default true). The loop needs only
   * bankW and the totals: skipping two 8,192-value stores per window is ~1/4 of this call.
   * bankLeakW is always filled.
   */
  readonly bankBreakdown?: boolean;
}

interface PowerConstants {
  readonly k: EventEnergyCoefficients;
  readonly curve: CompiledRefreshCurve;
}

// resolved configs are deep-frozen, so what is derived from them can be cached: no allocation per window
const CONSTANTS = new WeakMap<object, PowerConstants>();
function constantsOf(arch: PowerArch): PowerConstants {
  const frozen =
    Object.isFrozen(arch) &&
    Object.isFrozen(arch.power) &&
    Object.isFrozen(arch.refresh) &&
    Object.isFrozen(arch.mesh.noc);
  let c = frozen ? CONSTANTS.get(arch) : undefined;
  if (c === undefined) {
    c = { k: eventEnergyCoefficients(arch), curve: compileRefreshCurve(arch.refresh.tref_curve) };
    if (frozen) CONSTANTS.set(arch, c);
  }
  return c;
}

function checkLength(name: string, a: ArrayLike<number>, n: number): void {
  if (a.length !== n) throw new PowerModelError('POWER_INPUT', `${name} has ${a.length} entries, expected ${n}`);
}

function checkTemp(kind: string, i: number, t: number): void {
  if (!Number.isFinite(t))
    throw new PowerModelError('POWER_INPUT', `${kind} ${i} has temperature ${t}; expected a finite value in C`);
}

export function computePowerFromEvents(
  window: PhysicalWindow,
  prevTemps: BlockTemperaturesC,
  arch: PowerArch,
  topology: Topology,
  opts: PowerOptions = {},
): WindowPower {
  const nc = topology.coreCount;
  const nb = topology.bankCount;
  const out = opts.out ?? createWindowPower(nc, nb);
  checkLength('out.coreW', out.coreW, nc);
  checkLength('out.bankW', out.bankW, nb);
  checkLength('prevTemps.coreC', prevTemps.coreC, nc);
  checkLength('prevTemps.bankC', prevTemps.bankC, nb);
  checkLength('window.coreBusyNs', window.coreBusyNs, nc);
  const windowNs = window.tEndNs - window.tStartNs;
  if (!(windowNs > 0) || !Number.isFinite(windowNs)) {
    throw new PowerModelError(
      'POWER_INPUT',
      `window ${window.winIdx} spans [${window.tStartNs}, ${window.tEndNs}] ns; expected a positive length`,
    );
  }
  const windowS = windowNs * 1e-9;
  out.windowS = windowS;
  const p = arch.power;
  const { k, curve } = constantsOf(arch);

  const fromEvents = opts.source === 'events';
  if (fromEvents) {
    accumulateEventEnergies(window, topology, k, out);
  } else {
    checkAggregateLengths(window, topology);
  }

  const idleAlways = opts.idle === 'always';
  const leakRefC = p.leak_ref_c;
  const beta = p.leak_beta_per_k;
  const flits = window.linkFlits;
  let coreTotal = 0;
  for (let c = 0; c < nc; c++) {
    const t = prevTemps.coreC[c] as number;
    checkTemp('core', c, t);
    const busy = (window.coreBusyNs[c] as number) / windowNs;
    const frac = idleAlways ? 1 : busy < 0 ? 0 : Math.min(busy, 1);
    let dynJ: number, nocJ: number;
    if (fromEvents) {
      dynJ = out.coreDynamicW[c] as number;
      nocJ = out.coreNocW[c] as number;
    } else {
      dynJ = (window.coreFlops[c] as number) * k.computeJPerFlop;
      const l = c * 4;
      nocJ =
        ((flits[l] as number) + (flits[l + 1] as number) + (flits[l + 2] as number) + (flits[l + 3] as number)) *
        k.nocJPerFlitHop;
    }
    const dyn = dynJ / windowS;
    const noc = nocJ / windowS;
    const idle = p.core_idle_w * frac;
    const leak = p.core_leak_w * Math.exp(beta * (t - leakRefC));
    out.coreDynamicW[c] = dyn;
    out.coreNocW[c] = noc;
    out.coreIdleW[c] = idle;
    out.coreLeakW[c] = leak;
    const w = dyn + idle + leak + noc;
    out.coreW[c] = w;
    coreTotal += w;
  }

  const rates = opts.bankRefreshPerS;
  if (rates !== undefined) checkLength('opts.bankRefreshPerS', rates, nb);
  const refreshJ = p.refresh_nj_per_command * 1e-9;
  const baseS = arch.refresh.tref_base_us * 1e-6;
  out.bankBytesTotal = Number.NaN;
  out.banksTouched = -1;
  if (rates !== undefined && !fromEvents && opts.bankBreakdown === false) {
    // the loop's case (bank-power-in-force.ts: the same values, one exponential per thermal cell)
    out.bankTotalW = bankPowersInForce(
      prevTemps.bankC,
      window.bankReadBytes,
      window.bankWriteBytes,
      rates,
      out,
      checkTemp,
      {
        windowS,
        jPerByte: k.dramJPerByte,
        refreshJ,
        leakRefW: p.bank_leak_w,
        leakRefC,
        beta,
        banksX: topology.banksX,
        banksY: topology.banksY,
      },
    );
    out.coreTotalW = coreTotal;
    return out;
  }
  out.bankTotalW = bankPowers(
    prevTemps.bankC,
    window.bankReadBytes,
    window.bankWriteBytes,
    rates,
    out,
    fromEvents,
    opts.bankBreakdown !== false,
    {
      windowS,
      jPerByte: k.dramJPerByte,
      refreshJ,
      baseS,
      leakRefW: p.bank_leak_w,
      leakRefC,
      beta,
      curve,
      banksX: topology.banksX,
      banksY: topology.banksY,
    },
  );
  out.coreTotalW = coreTotal;
  return out;
}

interface BankPowerConstants {
  readonly windowS: number;
  readonly jPerByte: number;
  readonly refreshJ: number;
  readonly baseS: number;
  readonly leakRefW: number;
  readonly leakRefC: number;
  readonly beta: number;
  readonly curve: CompiledRefreshCurve;
  readonly banksX: number;
  readonly banksY: number;
}

/**
 * The per-bank terms (8,192 banks per window). A function of its own: inside the
 * large caller V8 kept ~3x more work per iteration (register pressure).
 * Returns the banks' total power, W.
 */
function bankPowers(
  bankT: Float64Array,
  read: Float64Array,
  write: Float64Array,
  rates: Float64Array | undefined,
  out: WindowPower,
  fromEvents: boolean,
  breakdown: boolean,
  k: BankPowerConstants,
): number {
  const { windowS, jPerByte, refreshJ, baseS, leakRefW, leakRefC, beta, curve, banksX: bx } = k;
  const perDie = bx * k.banksY;
  const accessW = out.bankAccessW,
    refreshW = out.bankRefreshW,
    leakW = out.bankLeakW,
    bankW = out.bankW;
  const nb = bankW.length;
  let total = 0;
  // Banks sharing a thermal cell (a bank grid finer than the thermal grid) have the exact same
  // temperature: reuse the left or upper neighbour's exponential, most of this loop's cost.
  // x: column of bank b in its die row; rowStart / dieStart: first bank of its row / die.
  for (let b = 0, x = 0, rowStart = 0, dieStart = 0; b < nb; b++, x++) {
    if (x === bx) {
      x = 0;
      rowStart = b;
      if (b - dieStart === perDie) dieStart = b;
    }
    const t = bankT[b] as number;
    const access =
      (fromEvents ? (accessW[b] as number) : ((read[b] as number) + (write[b] as number)) * jPerByte) / windowS;
    const rate = rates !== undefined ? (rates[b] as number) : compiledRefreshMultiplier(t, curve) / baseS;
    const refresh = rate * refreshJ;
    let leak: number;
    if (x > 0 && t === bankT[b - 1]) {
      leak = leakW[b - 1] as number;
    } else if (rowStart > dieStart && t === bankT[b - bx]) {
      leak = leakW[b - bx] as number;
    } else {
      checkTemp('bank', b, t);
      leak = leakRefW * Math.exp(beta * (t - leakRefC));
    }
    if (breakdown) {
      accessW[b] = access;
      refreshW[b] = refresh;
    }
    leakW[b] = leak;
    const w = access + refresh + leak;
    bankW[b] = w;
    total += w;
  }
  return total;
}

function checkAggregateLengths(window: PhysicalWindow, topology: Topology): void {
  checkLength('window.coreFlops', window.coreFlops, topology.coreCount);
  checkLength('window.bankReadBytes', window.bankReadBytes, topology.bankCount);
  checkLength('window.bankWriteBytes', window.bankWriteBytes, topology.bankCount);
  checkLength('window.linkFlits', window.linkFlits, topology.linkCount);
}

/**
 * Writes dynamic energies (J) straight from the event columns. The payload of
 * a read travels bank -> requesting core, of a write core -> bank, on the XY
 * route between the requesting core and the core owning the bank's vault;
 * each hop's energy goes to the router driving that link.
 */
function accumulateEventEnergies(
  window: PhysicalWindow,
  topology: Topology,
  k: EventEnergyCoefficients,
  out: WindowPower,
): void {
  const nc = topology.coreCount;
  const nb = topology.bankCount;
  out.coreDynamicW.fill(0);
  out.coreNocW.fill(0);
  out.bankAccessW.fill(0);
  const ce = window.compute;
  for (let i = 0; i < ce.count; i++) {
    const core = ce.coreId[i] as number;
    if (!(core >= 0 && core < nc))
      throw new PowerModelError(
        'POWER_INPUT',
        `compute event ${ce.evtId[i]} is on core ${core}; expected 0..${nc - 1}`,
      );
    out.coreDynamicW[core] = (out.coreDynamicW[core] as number) + (ce.flops[i] as number) * k.computeJPerFlop;
  }
  const me = window.memory;
  const route = out.routeScratch;
  for (let i = 0; i < me.count; i++) {
    const bank = me.bank[i] as number;
    const src = me.srcCore[i] as number;
    if (!(bank >= 0 && bank < nb))
      throw new PowerModelError(
        'POWER_INPUT',
        `memory event ${me.evtId[i]} targets bank ${bank}; expected 0..${nb - 1}`,
      );
    if (!(src >= 0 && src < nc))
      throw new PowerModelError(
        'POWER_INPUT',
        `memory event ${me.evtId[i]} comes from core ${src}; expected 0..${nc - 1}`,
      );
    const bytes = me.bytes[i] as number;
    out.bankAccessW[bank] = (out.bankAccessW[bank] as number) + bytes * k.dramJPerByte;
    const owner = bankOwnerCore(topology, bank);
    const n = me.rw[i] === 0 ? topology.routeLinks(owner, src, route) : topology.routeLinks(src, owner, route);
    const e = flitsForBytes(bytes, k.flitBits) * k.nocJPerFlitHop;
    for (let j = 0; j < n; j++) {
      const core = (route[j] as number) >> 2;
      out.coreNocW[core] = (out.coreNocW[core] as number) + e;
    }
  }
}

/** Same as Topology.bankOwnerCore without allocating a BankCoord (this runs per event). */
function bankOwnerCore(t: Topology, bank: number): number {
  const r = bank % (t.banksX * t.banksY);
  const x = r % t.banksX;
  const y = (r - x) / t.banksX;
  const col = Math.min(t.cols - 1, Math.floor(x / t.vaultX));
  const row = Math.min(t.rows - 1, Math.floor(y / t.vaultY));
  return row * t.cols + col;
}

/** Total energy of a computed window, J (sum of every block's power x window length). */
export function windowEnergyJ(power: WindowPower): number {
  return (power.coreTotalW + power.bankTotalW) * power.windowS;
}
