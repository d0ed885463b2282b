import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, PolicyError, type Policy } from '@tasmoe/schemas';
import { BUILTIN_REGISTRY, createPolicyRegistry } from './policy-registry.js';

const place: Policy = { kind: 'placement', name: 'my-place', place: () => ({ experts: {}, tensors: {} }) };
const online: Policy = {
  kind: 'online',
  name: 'my-online',
  start: () => ({ decide: () => ({ reroute: [], migrate: [] }) }),
};

describe('policy registry', () => {
  it('the built-in scenarios are policy pairs', () => {
    expect(BUILTIN_REGISTRY.names()).toEqual([...BUILTIN_SCENARIOS]);
    const pairs = BUILTIN_REGISTRY.names().map((n) => [
      n,
      BUILTIN_REGISTRY.scenario(n).placement.name,
      BUILTIN_REGISTRY.scenario(n).online?.name ?? '-',
    ]);
    expect(pairs).toEqual([
      ['baseline', 'default', '-'],
      ['taps', 'taps', '-'],
      ['tacs', 'default', 'tacs'],
      ['tas', 'taps', 'tacs'],
      ['eplb', 'eplb', '-'],
      ['eplb-tacs', 'eplb', 'tacs'],
    ]);
  });
  it('online twins: the scenario adding an online policy to the same placement, among those in the run', () => {
    const all = BUILTIN_REGISTRY.names();
    expect(BUILTIN_REGISTRY.onlineTwin('baseline', all)).toBe('tacs');
    expect(BUILTIN_REGISTRY.onlineTwin('taps', all)).toBe('tas');
    expect(BUILTIN_REGISTRY.onlineTwin('eplb', all)).toBe('eplb-tacs');
    expect(BUILTIN_REGISTRY.onlineTwin('eplb', ['baseline', 'eplb'])).toBeUndefined();
    expect(BUILTIN_REGISTRY.onlineTwin('tacs', all)).toBeUndefined();
  });
  it("a module's placement policy is a scenario, its online policy one on the default placement, and scenarios pair them", () => {
    const r = createPolicyRegistry([
      {
        file: 'm.mjs',
        policies: [place, online, { kind: 'scenario', name: 'my-both', placement: 'my-place', online: 'tacs' }],
      },
    ]);
    expect(r.scenario('my-place').placement).toBe(place);
    expect(r.scenario('my-online').placement.name).toBe('default');
    expect(r.scenario('my-online').source).toBe('m.mjs');
    expect(r.onlineTwin('my-place', r.names())).toBe('my-both');
    expect(r.onlineTwin('baseline', ['baseline', 'my-online'])).toBe('my-online');
  });
  it('refuses a taken name, a scenario naming no policy, and an unknown scenario', () => {
    expect(() => createPolicyRegistry([{ file: 'm.mjs', policies: [{ ...place, name: 'taps' } as Policy] }])).toThrow(
      /m\.mjs: the name "taps" is taken/,
    );
    expect(() => createPolicyRegistry([{ file: 'm.mjs', policies: [place, place] }])).toThrow(
      /taken \(twice in this module\)/,
    );
    expect(() =>
      createPolicyRegistry([{ file: 'm.mjs', policies: [{ kind: 'scenario', name: 's', placement: 'nope' }] }]),
    ).toThrow(/scenario s: no placement policy "nope"/);
    expect(() => BUILTIN_REGISTRY.scenario('nope')).toThrow(PolicyError);
  });
});
