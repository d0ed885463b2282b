import { describe, expect, it } from 'vitest';
import { createBlockTemperaturesC, type BlockTemperaturesC } from '@tasmoe/comet-adapter';
import { settleFromAmbient } from './steady-start.js';

/**
 * One core and one bank with a step refresh: the bank draws 2 W below 70 C and
 * 4 W at or above it, and sits 10 K/W above ambient 45 C. Fixed points: 65 C
 * (2 W keeps it below the step) and 85 C (4 W keeps it above) - the shape of
 * the default Mixtral DRAM around its 70 C refresh step.
 */
const power = (t: BlockTemperaturesC) => ({ core: 1, bank: (t.bankC[0] as number) >= 70 ? 4 : 2 });
const solve = (p: { core: number; bank: number }): BlockTemperaturesC => {
  const out = createBlockTemperaturesC(1, 1, 0);
  out.coreC[0] = 45 + 5 * p.core;
  out.bankC[0] = 45 + 10 * p.bank;
  return out;
};

describe('settleFromAmbient', () => {
  it('returns the least steady state even when the current temperatures sit on the hot branch', () => {
    // The warm-up left the bank above the step: iterating from here would stay at 85 C.
    const temps = createBlockTemperaturesC(1, 1, 0);
    temps.coreC[0] = 50;
    temps.bankC[0] = 72;
    settleFromAmbient({ into: temps, ambientC: 45, power, solve, tolC: 0.01 });
    expect(temps.bankC[0]).toBeCloseTo(65, 9);
    expect(temps.coreC[0]).toBeCloseTo(50, 9);
  });

  it('does not depend on what the buffer held', () => {
    const hot = createBlockTemperaturesC(1, 1, 90);
    const cold = createBlockTemperaturesC(1, 1, 20);
    settleFromAmbient({ into: hot, ambientC: 45, power, solve, tolC: 0.01 });
    settleFromAmbient({ into: cold, ambientC: 45, power, solve, tolC: 0.01 });
    expect(Array.from(hot.bankC)).toEqual(Array.from(cold.bankC));
    expect(Array.from(hot.coreC)).toEqual(Array.from(cold.coreC));
  });

  it('reaches the hot branch when the activity alone puts the bank above the step', () => {
    const temps = createBlockTemperaturesC(1, 1, 45);
    const hotPower = () => ({ core: 1, bank: 3 }); // 75 C without any refresh feedback
    const it = settleFromAmbient({ into: temps, ambientC: 45, power: hotPower, solve, tolC: 0.01 });
    expect(temps.bankC[0]).toBeCloseTo(75, 9);
    expect(it).toBe(2);
  });
});
