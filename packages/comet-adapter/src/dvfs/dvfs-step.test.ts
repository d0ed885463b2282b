import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dvfsLevel, dvfsStep } from './dvfs-step.js';

const SEED_DOMAIN = { steps_ghz: [2.0, 1.8, 1.6, 1.2], trip_c: [80, 85, 90] };
const EPS = 1e-9;

describe('dvfsStep (stateless, the seed dvfs_step)', () => {
  it.each([
    [80, 2.0, 1.8, 1.8],
    [85, 1.8, 1.6, 1.6],
    [90, 1.6, 1.2, 1.2],
  ])('at trip %s C: just below %s GHz, at %s, just above %s', (t, below, at, above) => {
    expect(dvfsStep(t - EPS, SEED_DOMAIN)).toBe(below);
    expect(dvfsStep(t, SEED_DOMAIN)).toBe(at);
    expect(dvfsStep(t + EPS, SEED_DOMAIN)).toBe(above);
  });

  it('is nominal when cool and the lowest step when very hot', () => {
    expect(dvfsStep(-20, SEED_DOMAIN)).toBe(2.0);
    expect(dvfsStep(200, SEED_DOMAIN)).toBe(1.2);
  });

  it('a domain with one step never changes frequency', () => {
    expect(dvfsStep(150, { steps_ghz: [1.5], trip_c: [] })).toBe(1.5);
  });

  it('level counts the trips at or below the temperature', () => {
    expect(dvfsLevel(79.9, SEED_DOMAIN.trip_c)).toBe(0);
    expect(dvfsLevel(85, SEED_DOMAIN.trip_c)).toBe(2);
    expect(dvfsLevel(1000, SEED_DOMAIN.trip_c)).toBe(3);
  });

  it('frequency never rises with temperature (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (t, dt) => {
          expect(dvfsStep(t + dt, SEED_DOMAIN)).toBeLessThanOrEqual(dvfsStep(t, SEED_DOMAIN));
        },
      ),
    );
  });
});
