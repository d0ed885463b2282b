import { describe, expect, it } from 'vitest';
import { busyProfile, groupFits, profileViolations, rankCaps, utilisation } from './busy-profile.js';

describe('busy-time profile', () => {
  // Two attention groups: cores 0, 1 and cores 2, 3. The default's busy times 4, 2 and 3, 3 s per step;
  // the lane step is 100 s with 5 lanes, so rho = 5 x U / 100 (0.2 for U = 4).
  const groupOf = Int32Array.from([0, 0, 1, 1]);
  const prof = busyProfile([4, 2, 3, 3], groupOf, 0.01, 100, 5);

  it('limits rank by rank, each with the tolerance scaled by 1 - rho', () => {
    expect(utilisation(4, 100, 5)).toBeCloseTo(0.2, 15);
    expect(Array.from(prof.limitS[0] as Float64Array)).toEqual([4 * (1 + 0.01 * 0.8), 2 * (1 + 0.01 * 0.9)]);
    expect(utilisation(40, 100, 5)).toBe(1);
  });

  it('permuting busy times within a group fits; piling the slack of the quiet core on others does not', () => {
    expect(profileViolations(prof, [2, 4, 3, 3], 0)).toEqual([]);
    expect(groupFits(prof, 0, [4, 2, 3, 3], 0, 0, 2, 1, 4)).toBe(true);
    // Total kept (6 s), but the busiest core now above the default's busiest.
    expect(groupFits(prof, 0, [4, 2, 3, 3], 0, 0, 4.1, 1, 1.9)).toBe(false);
    // Group 1: both cores 3 s; draining one to 2.9 and raising the other to 3.1 exceeds rank 1's 3.03.
    expect(profileViolations(prof, [4, 2, 3.1, 2.9], 0)).toHaveLength(1);
  });

  it('rank caps at a fitting start imply the profile', () => {
    const caps = rankCaps(prof, [2, 4, 3, 3]);
    expect(caps[1]).toBeCloseTo(4 * 1.008, 12);
    expect(caps[0]).toBeCloseTo(2 * 1.009, 12);
  });
});
