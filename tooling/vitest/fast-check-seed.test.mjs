import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('the property tests seed', () => {
  it('is fixed unless TASMOE_FC_SEED says otherwise, so two draws agree', () => {
    const env = process.env.TASMOE_FC_SEED;
    if (env === 'random') return;
    expect(fc.readConfigureGlobal().seed).toBe(env === undefined || env === '' ? 20_261_208 : Number(env));
    const draw = () => fc.sample(fc.double({ min: 0, max: 1, noNaN: true }), 5);
    expect(draw()).toEqual(draw());
  });
});
