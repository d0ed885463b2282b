import { describe, expect, it } from 'vitest';
import { PolicyError, policiesOfModule } from './policy-module.js';

const place = { kind: 'placement', name: 'my-place', place: () => ({ experts: {}, tensors: {} }) };
const online = { kind: 'online', name: 'my-online', start: () => ({ decide: () => ({ reroute: [], migrate: [] }) }) };

describe('policiesOfModule', () => {
  it('collects named exports and a default array, ignoring helpers and a repeated object', () => {
    const got = policiesOfModule(
      {
        place,
        online,
        helper: () => 1,
        N: 3,
        default: [place, { kind: 'scenario', name: 'both', placement: 'my-place', online: 'my-online' }],
      },
      'm.mjs',
    );
    expect(got.map((p) => p.name)).toEqual(['my-place', 'my-online', 'both']);
  });
  it.each([
    [{}, /m\.mjs: exports no policy/],
    [{ default: 5 }, /default export is not a policy/],
    [{ p: { kind: 'magic', name: 'x' } }, /export p: kind must be one of/],
    [{ p: { ...place, name: 'My_Place' } }, /export p: name "My_Place" is not a scenario name/],
    [{ p: { ...place, place: 1 } }, /place\(context\) must be a function/],
    [{ p: { kind: 'online', name: 'o' } }, /start\(context\) must be a function/],
    [{ p: { kind: 'scenario', name: 's' } }, /scenario s: placement must name a placement policy/],
  ])('refuses %j with one line', (exports, re) => {
    let err: unknown;
    try {
      policiesOfModule(exports as Record<string, unknown>, 'm.mjs');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).category).toBe('input');
    expect((err as PolicyError).message).toMatch(re);
    expect((err as PolicyError).message).not.toContain('\n');
  });
});
