import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildWindow,
  smallArch,
  smallTopology,
  sum,
  uniformTemps,
  type ComputeSpec,
  type MemorySpec,
} from '../__fixtures__/power-fixtures.js';
import { refreshMultiplier } from '../refresh/refresh-multiplier.js';
import { PowerModelError } from './errors.js';
import {
  computeEventEnergyJ,
  eventEnergyCoefficients,
  memoryEventEnergyJ,
  memoryEventNocEnergyJ,
} from './event-energy.js';
import { computePowerFromEvents, createWindowPower, windowEnergyJ } from './window-power.js';

const arch = smallArch();
const topo = smallTopology(); // 3x2 cores, 2 dies of 6x4 banks
const FLIT = arch.mesh.noc.width_bits;
const P = arch.power;
const WINDOW_NS = 1e6; // 1 ms
const k = eventEnergyCoefficients(arch);

const COMPUTE: ComputeSpec[] = [
  { core: 0, flops: 2e9, busyNs: 4e5 },
  { core: 0, flops: 1e9, busyNs: 2e5 },
  { core: 4, flops: 5e8, busyNs: 1e5 },
];
// bank 5 = (5,0,0) owned by core 2; bank 24 + 19 = (1,3,1) owned by core 3
const MEMORY: MemorySpec[] = [
  { core: 0, bank: 5, bytes: 4096, rw: 0 },
  { core: 0, bank: 5, bytes: 100, rw: 1 },
  { core: 5, bank: 43, bytes: 65536, rw: 0 },
  { core: 1, bank: 0, bytes: 64, rw: 0 },
];

describe('computePowerFromEvents: static terms', () => {
  it('a window with no events gives leakage and refresh only (idle is pro-rata busy)', () => {
    const w = buildWindow(topo, FLIT, [], [], WINDOW_NS);
    const p = computePowerFromEvents(w, uniformTemps(topo, P.leak_ref_c), arch, topo);
    const refreshW = (refreshMultiplier(P.leak_ref_c, arch.refresh.tref_curve) / 7.8e-6) * 3.55e-9;
    for (let c = 0; c < topo.coreCount; c++) {
      expect(p.coreDynamicW[c]).toBe(0);
      expect(p.coreNocW[c]).toBe(0);
      expect(p.coreIdleW[c]).toBe(0);
      expect(p.coreW[c]).toBeCloseTo(P.core_leak_w, 15);
    }
    for (let b = 0; b < topo.bankCount; b++) {
      expect(p.bankAccessW[b]).toBe(0);
      expect(p.bankRefreshW[b]).toBeCloseTo(refreshW, 15);
      expect(p.bankW[b]).toBeCloseTo(P.bank_leak_w + refreshW, 15);
    }
  });

  it('with idle charged always, an empty window adds core_idle_w to every core', () => {
    const w = buildWindow(topo, FLIT, [], [], WINDOW_NS);
    const p = computePowerFromEvents(w, uniformTemps(topo, P.leak_ref_c), arch, topo, { idle: 'always' });
    expect(p.coreW[3]).toBeCloseTo(P.core_leak_w + P.core_idle_w, 15);
  });

  it('charges idle power pro-rata to the busy fraction, clamped to the window', () => {
    const w = buildWindow(
      topo,
      FLIT,
      [
        { core: 1, flops: 0, busyNs: 2.5e5 },
        { core: 2, flops: 0, busyNs: 5e6 },
      ],
      [],
      WINDOW_NS,
    );
    const p = computePowerFromEvents(w, uniformTemps(topo, 60), arch, topo);
    expect(p.coreIdleW[1]).toBeCloseTo(P.core_idle_w * 0.25, 15);
    expect(p.coreIdleW[2]).toBeCloseTo(P.core_idle_w, 15);
  });

  it('leakage is evaluated at the previous temperatures and grows exponentially', () => {
    const w = buildWindow(topo, FLIT, [], [], WINDOW_NS);
    const doubling = Math.log(2) / P.leak_beta_per_k;
    const cool = computePowerFromEvents(w, uniformTemps(topo, P.leak_ref_c), arch, topo);
    const hot = computePowerFromEvents(w, uniformTemps(topo, P.leak_ref_c + doubling), arch, topo);
    expect(hot.coreLeakW[0]! / cool.coreLeakW[0]!).toBeCloseTo(2, 12);
    expect(hot.bankLeakW[7]! / cool.bankLeakW[7]!).toBeCloseTo(2, 12);
  });

  it('every bank gets exactly its own leakage, also where neighbours share a temperature (property)', () => {
    const w = buildWindow(topo, FLIT, [], MEMORY, WINDOW_NS);
    const out = createWindowPower(topo.coreCount, topo.bankCount);
    // few distinct values, so left/upper neighbours are often equal (the shared-cell case) and often not
    const banks = fc.array(fc.constantFrom(48.5, 61.25, 61.25000000000001, 77), {
      minLength: topo.bankCount,
      maxLength: topo.bankCount,
    });
    fc.assert(
      fc.property(banks, (bankC) => {
        const t = uniformTemps(topo, 60);
        t.bankC.set(bankC);
        computePowerFromEvents(w, t, arch, topo, { out });
        for (let b = 0; b < topo.bankCount; b++) {
          expect(out.bankLeakW[b]).toBe(P.bank_leak_w * Math.exp(P.leak_beta_per_k * (bankC[b]! - P.leak_ref_c)));
        }
        expect(out.bankTotalW).toBeCloseTo(sum(out.bankW), 12);
        expect(out.coreTotalW).toBeCloseTo(sum(out.coreW), 12);
      }),
      { numRuns: 100 },
    );
  });

  it('without the per-bank breakdown: the same bank powers, leakage and totals', () => {
    const w = buildWindow(topo, FLIT, COMPUTE, MEMORY, WINDOW_NS);
    const t = uniformTemps(topo, 66, 71);
    t.bankC[7] = 58;
    const full = computePowerFromEvents(w, t, arch, topo);
    const lean = computePowerFromEvents(w, t, arch, topo, { bankBreakdown: false });
    expect(Array.from(lean.bankW)).toEqual(Array.from(full.bankW));
    expect(Array.from(lean.bankLeakW)).toEqual(Array.from(full.bankLeakW));
    expect(lean.bankTotalW).toBe(full.bankTotalW);
    expect(lean.coreTotalW).toBe(full.coreTotalW);
    expect(sum(lean.bankAccessW)).toBe(0); // not filled
  });

  it('uses the refresh rates it is given instead of the temperatures', () => {
    const w = buildWindow(topo, FLIT, [], [], WINDOW_NS);
    const rates = new Float64Array(topo.bankCount).fill(1e6);
    const p = computePowerFromEvents(w, uniformTemps(topo, 30), arch, topo, { bankRefreshPerS: rates });
    expect(p.bankRefreshW[0]).toBeCloseTo(1e6 * 3.55e-9, 15);
  });
});

describe('computePowerFromEvents: dynamic terms', () => {
  it('dynamic core power = alpha x FLOPs / window (1 GFLOP in 1 ms at 0.3 pJ = 0.3 W)', () => {
    const w = buildWindow(topo, FLIT, [{ core: 2, flops: 1e9 }], [], WINDOW_NS);
    const p = computePowerFromEvents(w, uniformTemps(topo, 60), arch, topo);
    expect(p.coreDynamicW[2]).toBeCloseTo(0.3, 12);
    expect(p.coreDynamicW[1]).toBe(0);
  });

  it('doubling the FLOPs doubles dynamic power and nothing else', () => {
    const temps = uniformTemps(topo, 70, 75);
    const a = computePowerFromEvents(buildWindow(topo, FLIT, COMPUTE, MEMORY), temps, arch, topo);
    const doubled = COMPUTE.map((e) => ({ ...e, flops: 2 * e.flops }));
    const b = computePowerFromEvents(buildWindow(topo, FLIT, doubled, MEMORY), temps, arch, topo);
    for (let c = 0; c < topo.coreCount; c++) {
      expect(b.coreDynamicW[c]).toBeCloseTo(2 * a.coreDynamicW[c]!, 12);
      expect(b.coreLeakW[c]).toBe(a.coreLeakW[c]);
      expect(b.coreIdleW[c]).toBe(a.coreIdleW[c]);
      expect(b.coreNocW[c]).toBe(a.coreNocW[c]);
    }
    expect(Array.from(b.bankW)).toEqual(Array.from(a.bankW));
    expect(sum(a.coreDynamicW)).toBeGreaterThan(0);
  });

  it('bank access power = dram_pj_per_byte x (read + write bytes) / window', () => {
    const p = computePowerFromEvents(buildWindow(topo, FLIT, [], MEMORY), uniformTemps(topo, 60), arch, topo);
    expect(p.bankAccessW[5]).toBeCloseTo(((4096 + 100) * arch.power.dram_pj_per_byte * 1e-12) / 1e-3, 15);
    expect(p.bankAccessW[43]).toBeCloseTo((65536 * arch.power.dram_pj_per_byte * 1e-12) / 1e-3, 15);
    expect(p.bankAccessW[1]).toBe(0);
  });

  it('NoC energy goes to the routers that drive the links of the data route', () => {
    // read: data from bank 5's owner (core 2) to core 0 goes west through routers 2 and 1
    const read = computePowerFromEvents(
      buildWindow(topo, FLIT, [], [{ core: 0, bank: 5, bytes: 4096, rw: 0 }]),
      uniformTemps(topo, 60),
      arch,
      topo,
    );
    const perHopW = memoryEventNocEnergyJ(4096, 1, k) / 1e-3;
    expect(Array.from(read.coreNocW).map((x) => x / perHopW)).toEqual([0, 1, 1, 0, 0, 0]);
    // write: data from core 0 to core 2 goes east through routers 0 and 1
    const write = computePowerFromEvents(
      buildWindow(topo, FLIT, [], [{ core: 0, bank: 5, bytes: 4096, rw: 1 }]),
      uniformTemps(topo, 60),
      arch,
      topo,
    );
    expect(Array.from(write.coreNocW).map((x) => x / perHopW)).toEqual([1, 1, 0, 0, 0, 0]);
    // 4096 B = 128 flits of 256 bits, 25.6 pJ each per hop
    expect(perHopW * 1e-3).toBeCloseTo(128 * 256 * 0.1e-12, 20);
  });
});

describe('computePowerFromEvents: energy of a window equals the sum over its events', () => {
  const temps = uniformTemps(topo, 72, 66);

  function eventSumJ(compute: readonly ComputeSpec[], memory: readonly MemorySpec[]): number {
    let e = 0;
    for (const c of compute) e += computeEventEnergyJ(c.flops, k);
    for (const m of memory) e += memoryEventEnergyJ(m.bytes, topo.hops(m.core, topo.bankOwnerCore(m.bank)), k);
    return e;
  }

  it.each(['aggregates', 'events'] as const)('from %s: window energy = event energies + static energy', (source) => {
    const w = buildWindow(topo, FLIT, COMPUTE, MEMORY, WINDOW_NS);
    const p = computePowerFromEvents(w, temps, arch, topo, { source });
    const staticJ = (sum(p.coreIdleW) + sum(p.coreLeakW) + sum(p.bankRefreshW) + sum(p.bankLeakW)) * p.windowS;
    const events = eventSumJ(COMPUTE, MEMORY);
    expect(events).toBeGreaterThan(0);
    expect(windowEnergyJ(p)).toBeCloseTo(events + staticJ, 15);
    expect((sum(p.coreDynamicW) + sum(p.coreNocW) + sum(p.bankAccessW)) * p.windowS).toBeCloseTo(events, 15);
  });

  it('aggregates and events give the same block powers', () => {
    const w = buildWindow(topo, FLIT, COMPUTE, MEMORY, WINDOW_NS);
    const a = computePowerFromEvents(w, temps, arch, topo, { source: 'aggregates' });
    const e = computePowerFromEvents(w, temps, arch, topo, { source: 'events' });
    for (let c = 0; c < topo.coreCount; c++) expect(e.coreW[c]).toBeCloseTo(a.coreW[c]!, 14);
    for (let b = 0; b < topo.bankCount; b++) expect(e.bankW[b]).toBeCloseTo(a.bankW[b]!, 14);
  });

  it('holds for random windows (property)', () => {
    const computeArb = fc.array(
      fc.record({
        core: fc.integer({ min: 0, max: 5 }),
        flops: fc.integer({ min: 0, max: 1e10 }),
        busyNs: fc.integer({ min: 0, max: 1e6 }),
      }),
      { maxLength: 20 },
    );
    const memoryArb = fc.array(
      fc.record({
        core: fc.integer({ min: 0, max: 5 }),
        bank: fc.integer({ min: 0, max: 47 }),
        bytes: fc.integer({ min: 0, max: 1 << 24 }),
        rw: fc.constantFrom(0 as const, 1 as const),
      }),
      { maxLength: 20 },
    );
    const out = createWindowPower(topo.coreCount, topo.bankCount);
    fc.assert(
      fc.property(
        computeArb,
        memoryArb,
        fc.constantFrom('aggregates' as const, 'events' as const),
        (compute, memory, source) => {
          const p = computePowerFromEvents(buildWindow(topo, FLIT, compute, memory, WINDOW_NS), temps, arch, topo, {
            source,
            out,
          });
          const dynJ = (sum(p.coreDynamicW) + sum(p.coreNocW) + sum(p.bankAccessW)) * p.windowS;
          const expected = eventSumJ(compute, memory);
          expect(Math.abs(dynJ - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('computePowerFromEvents: monotonicity (properties)', () => {
  it('core and bank power never fall when every temperature rises', () => {
    const w = buildWindow(topo, FLIT, COMPUTE, MEMORY, WINDOW_NS);
    const a = createWindowPower(topo.coreCount, topo.bankCount);
    const b = createWindowPower(topo.coreCount, topo.bankCount);
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (t, dt) => {
          computePowerFromEvents(w, uniformTemps(topo, t), arch, topo, { out: a });
          computePowerFromEvents(w, uniformTemps(topo, t + dt), arch, topo, { out: b });
          for (let c = 0; c < topo.coreCount; c++) expect(b.coreW[c]).toBeGreaterThanOrEqual(a.coreW[c]!);
          for (let i = 0; i < topo.bankCount; i++) expect(b.bankW[i]).toBeGreaterThanOrEqual(a.bankW[i]!);
          if (dt > 1) expect(b.coreLeakW[0]).toBeGreaterThan(a.coreLeakW[0]!);
        },
      ),
    );
  });

  it('core power never falls when a core executes more FLOPs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), fc.integer({ min: 0, max: 1e10 }), (f, df) => {
        const temps = uniformTemps(topo, 60);
        const a = computePowerFromEvents(buildWindow(topo, FLIT, [{ core: 3, flops: f }], []), temps, arch, topo);
        const b = computePowerFromEvents(buildWindow(topo, FLIT, [{ core: 3, flops: f + df }], []), temps, arch, topo);
        expect(b.coreW[3]).toBeGreaterThanOrEqual(a.coreW[3]!);
      }),
      { numRuns: 50 },
    );
  });
});

describe('computePowerFromEvents: buffers and bad input', () => {
  it('reuses the output buffers and leaves nothing from the previous window', () => {
    const out = createWindowPower(topo.coreCount, topo.bankCount);
    const temps = uniformTemps(topo, 60);
    for (const source of ['aggregates', 'events'] as const) {
      computePowerFromEvents(buildWindow(topo, FLIT, COMPUTE, MEMORY), temps, arch, topo, { out, source });
      const again = computePowerFromEvents(buildWindow(topo, FLIT, [], []), temps, arch, topo, { out, source });
      expect(again).toBe(out);
      expect(sum(out.coreDynamicW) + sum(out.coreNocW) + sum(out.bankAccessW)).toBe(0);
    }
  });

  it('rejects an empty window, wrong lengths, non-finite temperatures and events off the chip', () => {
    const temps = uniformTemps(topo, 60);
    const empty = { ...buildWindow(topo, FLIT, [], []), tEndNs: 0 };
    expect(() => computePowerFromEvents(empty, temps, arch, topo)).toThrow(PowerModelError);
    expect(() =>
      computePowerFromEvents(
        buildWindow(topo, FLIT, [], []),
        { coreC: new Float64Array(2), bankC: temps.bankC },
        arch,
        topo,
      ),
    ).toThrow(/prevTemps.coreC/);
    const hot = uniformTemps(topo, 60);
    hot.bankC[3] = Number.NaN;
    expect(() => computePowerFromEvents(buildWindow(topo, FLIT, [], []), hot, arch, topo)).toThrow(/bank 3/);
    const w = buildWindow(topo, FLIT, [{ core: 0, flops: 1 }], []);
    w.compute.coreId[0] = 9;
    expect(() => computePowerFromEvents(w, temps, arch, topo, { source: 'events' })).toThrow(
      expect.objectContaining({ code: 'POWER_INPUT' }),
    );
  });
});
