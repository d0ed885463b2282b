import { describe, expect, it } from 'vitest';
import { buildWindow, smallArch, smallTopology } from './__fixtures__/power-fixtures.js';
import { createEmbeddedArchBackend } from '@tasmoe/thermal';
import { fromBlockTempsK, toBlockPowerW } from './power/block-vectors.js';
import { computePowerFromEvents } from './power/window-power.js';
import { createBlockTemperaturesC } from './power/block-temperatures.js';
import { createHardwareModel, initialHardwareState, nextHardwareState } from './hardware/next-hardware-state.js';
import { createCometState, submitEventsToComet } from './submit-events-to-comet.js';

// 3x2 cores under 2 dies of 6x4 banks, 10 mm die, a trip point low enough to be crossed
const arch = smallArch({
  thermal: { grid: [6, 6] },
  dvfs: { domains: [{ cores: 'all', steps_ghz: [2, 1], trip_c: [45.5], hysteresis_c: 2 }] },
});
const topo = smallTopology();
const FLIT = arch.mesh.noc.width_bits;
const hotWindow = (k: number) =>
  buildWindow(
    topo,
    FLIT,
    [{ core: 0, flops: 2e10, busyNs: 9e5 }],
    [{ core: 0, bank: 5, bytes: 1 << 24, rw: 0 }],
    3e6,
    k * 3e6,
  );

describe('submitEventsToComet (the seed contract: one window in, a snapshot out)', () => {
  it('equals the composition power -> backend.step -> hardware state, window after window', () => {
    const a = createEmbeddedArchBackend(arch),
      b = createEmbeddedArchBackend(arch);
    const state = createCometState(arch, topo, { rawBankBwBytesPerNs: 10, startC: 45 });
    // the same by hand
    const model = createHardwareModel(arch, topo, { rawBankBwBytesPerNs: 10 });
    const temps = createBlockTemperaturesC(topo.coreCount, topo.bankCount, 45);
    let hw = initialHardwareState(model, temps);
    for (let k = 0; k < 3; k++) {
      const w = hotWindow(k);
      const snap = submitEventsToComet(w, a, state, arch);
      const p = computePowerFromEvents(w, temps, arch, topo, { bankRefreshPerS: hw.bankRefreshPerS });
      const t = b.step(toBlockPowerW(p), p.windowS);
      fromBlockTempsK(t.blockTempsK, temps);
      hw = nextHardwareState(model, hw, temps);
      expect(Array.from(snap.coreTempC)).toEqual(Array.from(temps.coreC));
      expect(Array.from(snap.bankTempC)).toEqual(Array.from(temps.bankC));
      expect(Array.from(snap.hardware.coreFreqGhz)).toEqual(Array.from(hw.coreFreqGhz));
      expect(Array.from(snap.hardware.bankBwBytesPerNs)).toEqual(Array.from(hw.bankBwBytesPerNs));
      expect(snap.thermal.timeS).toBeCloseTo(3e-3 * (k + 1), 12);
      expect(snap.winIdx).toBe(0);
    }
  });

  it('reports core and bank temperatures, DVFS state and refresh statistics; a hot core throttles the domain', () => {
    const be = createEmbeddedArchBackend(arch);
    const state = createCometState(arch, topo, { rawBankBwBytesPerNs: 10, startC: 45 });
    be.reset(45 + 273.15);
    let snap = submitEventsToComet(hotWindow(0), be, state, arch);
    for (let k = 1; k < 40 && snap.hardware.coreFreqGhz[0] === 2; k++)
      snap = submitEventsToComet(hotWindow(k), be, state, arch);
    expect(snap.coreTempC).toHaveLength(6);
    expect(snap.bankTempC).toHaveLength(48);
    // the busy core is the hottest, the bank it reads is hotter than an idle one far away
    expect(snap.coreTempC[0]).toBe(Math.max(...snap.coreTempC));
    expect(snap.bankTempC[5]).toBeGreaterThan(snap.bankTempC[24 + 23]!);
    // it crossed the 45.5 C trip: the single domain steps down to 1 GHz
    expect(snap.coreTempC[0]).toBeGreaterThanOrEqual(45.5);
    expect(Array.from(snap.hardware.coreFreqGhz)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(snap.hardware.dvfs.domainStep[0]).toBe(1);
    // refresh: above 40 C the curve's first point -> 1x; rate 1/7.8us = 0.128 MHz per bank
    expect(snap.refreshMhz).toBeCloseTo(1 / 7.8, 6);
    expect(snap.power.coreW[0]).toBeGreaterThan(snap.power.coreW[5]!);
  });
});
