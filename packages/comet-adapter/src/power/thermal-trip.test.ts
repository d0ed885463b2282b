import { describe, expect, it } from 'vitest';
import { PowerModelError } from './errors.js';
import { checkThermalTrip } from './thermal-trip.js';

const temps = (core: number[], bank: number[]) => ({ coreC: Float64Array.from(core), bankC: Float64Array.from(bank) });

describe('thermal trip', () => {
  it('passes below trip_c', () => {
    expect(() => checkThermalTrip(temps([80, 124.9], [90]), 125, 'window 3')).not.toThrow();
  });

  it('trips at or above trip_c naming the hottest block, and on a non-finite temperature', () => {
    expect(() => checkThermalTrip(temps([80, 125], [90]), 125, 'window 3')).toThrow(
      /thermal trip at window 3: core 1 reached 125\.0 C >= thermal\.trip_c 125 C/,
    );
    expect(() => checkThermalTrip(temps([80], [90, 130]), 125, 'the steady start')).toThrow(/bank 1 reached 130\.0 C/);
    expect(() => checkThermalTrip(temps([80, Number.NaN], [90]), 125, 'window 0')).toThrow(PowerModelError);
    expect(() => checkThermalTrip(temps([80], [Number.POSITIVE_INFINITY]), 125, 'window 0')).toThrow(/Infinity C/);
  });
});
