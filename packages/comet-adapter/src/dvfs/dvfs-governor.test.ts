import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PowerModelError } from '../power/errors.js';
import {
  createDvfsModel,
  createDvfsState,
  nextDvfsState,
  nextDvfsStepIndex,
  type DvfsDomainInput,
} from './dvfs-governor.js';
import { dvfsLevel, dvfsStep } from './dvfs-step.js';

const SEED: DvfsDomainInput = { cores: 'all', steps_ghz: [2.0, 1.8, 1.6, 1.2], trip_c: [80, 85, 90], hysteresis_c: 2 };
const EPS = 1e-9;

/** Runs a one-core, one-domain governor through a temperature sequence; returns the GHz after each window. */
function run(temps: readonly number[], domain: DvfsDomainInput = SEED): number[] {
  const model = createDvfsModel([domain], 1);
  const state = createDvfsState(model);
  const t = new Float64Array(1);
  return temps.map((tc) => {
    t[0] = tc;
    nextDvfsState(state, t, state);
    return state.coreFreqGhz[0] as number;
  });
}

describe('DVFS governor: heating', () => {
  it('starts at the nominal step', () => {
    const s = createDvfsState(createDvfsModel([SEED], 4));
    expect(Array.from(s.coreFreqGhz)).toEqual([2, 2, 2, 2]);
    expect(Array.from(s.domainStep)).toEqual([0]);
  });

  it.each([
    [80, 2.0, 1.8, 1.8],
    [85, 1.8, 1.6, 1.6],
    [90, 1.6, 1.2, 1.2],
  ])('from nominal, trip %s C: just below -> %s, at -> %s, just above -> %s', (trip, below, at, above) => {
    expect(run([trip - EPS])).toEqual([below]);
    expect(run([trip])).toEqual([at]);
    expect(run([trip + EPS])).toEqual([above]);
  });

  it('steps down one trip at a time while heating slowly, and several at once on a jump', () => {
    expect(run([79, 80, 84, 85, 89, 90, 100])).toEqual([2.0, 1.8, 1.8, 1.6, 1.6, 1.2, 1.2]);
    expect(run([70, 95])).toEqual([2.0, 1.2]);
  });
});

describe('DVFS governor: hysteresis on the way back', () => {
  it('stays throttled down to trip - hysteresis (inclusive) and recovers just below it', () => {
    // throttled at 80, so recovery needs T < 78
    expect(run([80, 79])).toEqual([1.8, 1.8]);
    expect(run([80, 78 + EPS])).toEqual([1.8, 1.8]);
    expect(run([80, 78])).toEqual([1.8, 1.8]);
    expect(run([80, 78 - EPS])).toEqual([1.8, 2.0]);
  });

  it.each([
    [85, 83, 1.6, 1.8],
    [90, 88, 1.2, 1.6],
  ])('in the step entered at %s C: stays at T = %s (+eps), recovers just below', (trip, edge, stay, recovered) => {
    expect(run([trip, edge + EPS])).toEqual([stay, stay]);
    expect(run([trip, edge])).toEqual([stay, stay]);
    expect(run([trip, edge - EPS])).toEqual([stay, recovered]);
  });

  it('recovers several steps in one window after a deep cool-down', () => {
    expect(run([95, 82])).toEqual([1.2, 1.8]); // < 88 and < 83, not < 78
    expect(run([95, 60])).toEqual([1.2, 2.0]);
  });

  it('follows a heat / cool cycle', () => {
    expect(run([75, 80, 79, 78.5, 78, 77.9, 79.9, 80, 86, 84, 83, 82.9])).toEqual([
      2.0, 1.8, 1.8, 1.8, 1.8, 2.0, 2.0, 1.8, 1.6, 1.6, 1.6, 1.8,
    ]);
  });

  it('reheating inside the band of a lower step keeps that step', () => {
    // recovered from 1.6 to 1.8 at 82.9, then warming to 84.9 (< 85) stays 1.8
    expect(run([86, 82.9, 84.9])).toEqual([1.6, 1.8, 1.8]);
  });

  it('with zero hysteresis it equals the stateless step on any sequence (property)', () => {
    const d0 = { ...SEED, hysteresis_c: 0 };
    fc.assert(
      fc.property(fc.array(fc.double({ min: 40, max: 110, noNaN: true }), { minLength: 1, maxLength: 30 }), (temps) => {
        expect(run(temps, d0)).toEqual(temps.map((t) => dvfsStep(t, d0)));
      }),
    );
  });

  it('keeps level(T) <= step <= level(T + hysteresis) after every update (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 60, max: 100 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 6 }),
        (temps, h) => {
          let step = 0;
          for (const t of temps) {
            step = nextDvfsStepIndex(step, t, SEED.trip_c, h);
            expect(step).toBeGreaterThanOrEqual(dvfsLevel(t, SEED.trip_c));
            expect(step).toBeLessThanOrEqual(dvfsLevel(t + h, SEED.trip_c));
          }
        },
      ),
    );
  });
});

describe('DVFS governor: domains', () => {
  const domains: DvfsDomainInput[] = [
    { cores: [0, 1], steps_ghz: [2.0, 1.0], trip_c: [80], hysteresis_c: 2 },
    { cores: [2, 3], steps_ghz: [3.0, 2.0, 1.0], trip_c: [70, 90], hysteresis_c: 5 },
  ];
  const model = createDvfsModel(domains, 4);

  it('judges each domain by its hottest core and sets all its cores', () => {
    const s = nextDvfsState(createDvfsState(model), Float64Array.of(50, 81, 69, 60));
    expect(Array.from(s.coreFreqGhz)).toEqual([1.0, 1.0, 3.0, 3.0]);
    expect(Array.from(s.domainTempC)).toEqual([81, 69]);
    const s2 = nextDvfsState(s, Float64Array.of(50, 79, 71, 91));
    expect(Array.from(s2.coreFreqGhz)).toEqual([1.0, 1.0, 1.0, 1.0]);
    const s3 = nextDvfsState(s2, Float64Array.of(50, 77.9, 85.5, 60));
    // domain 0 recovers (< 78); domain 1 stays at 1.0 until < 85, so 85.5 keeps it
    expect(Array.from(s3.coreFreqGhz)).toEqual([2.0, 2.0, 1.0, 1.0]);
    const s4 = nextDvfsState(s3, Float64Array.of(50, 60, 84.9, 60));
    expect(Array.from(s4.coreFreqGhz)).toEqual([2.0, 2.0, 2.0, 2.0]);
  });

  it('does not change the input state when writing into a fresh one, and in-place equals double-buffered', () => {
    const a = createDvfsState(model);
    const temps = Float64Array.of(85, 50, 95, 50);
    const b = nextDvfsState(a, temps);
    expect(Array.from(a.domainStep)).toEqual([0, 0]);
    expect(Array.from(b.domainStep)).toEqual([1, 2]);
    const c = createDvfsState(model);
    expect(nextDvfsState(c, temps, c)).toBe(c);
    expect(Array.from(c.coreFreqGhz)).toEqual(Array.from(b.coreFreqGhz));
  });

  it('rejects inconsistent domains and bad temperatures', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof PowerModelError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => createDvfsModel([{ cores: [0, 1], steps_ghz: [2, 1], trip_c: [80], hysteresis_c: 2 }], 3))).toBe(
      'DVFS_INPUT',
    );
    expect(
      code(() => createDvfsModel([...domains, { cores: [1], steps_ghz: [1], trip_c: [], hysteresis_c: 0 }], 4)),
    ).toBe('DVFS_INPUT');
    expect(code(() => createDvfsModel([{ cores: [0, 4], steps_ghz: [1], trip_c: [], hysteresis_c: 0 }], 4))).toBe(
      'DVFS_INPUT',
    );
    expect(code(() => createDvfsModel([{ cores: 'all', steps_ghz: [2, 1], trip_c: [], hysteresis_c: 0 }], 4))).toBe(
      'DVFS_INPUT',
    );
    expect(code(() => createDvfsModel([{ cores: 'all', steps_ghz: [1, 2], trip_c: [80], hysteresis_c: 0 }], 4))).toBe(
      'DVFS_INPUT',
    );
    expect(
      code(() => createDvfsModel([{ cores: 'all', steps_ghz: [2, 1.5, 1], trip_c: [85, 80], hysteresis_c: 0 }], 4)),
    ).toBe('DVFS_INPUT');
    expect(code(() => nextDvfsState(createDvfsState(model), Float64Array.of(1, 2, 3)))).toBe('DVFS_INPUT');
    expect(code(() => nextDvfsState(createDvfsState(model), Float64Array.of(1, Number.NaN, 3, 4)))).toBe('DVFS_INPUT');
  });
});
