import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import { parseSweepText, SweepSpecSchema } from './sweep.js';

function issues(text: string): { path: string; message: string }[] {
  try {
    parseSweepText(text, 'sweep.yaml');
  } catch (err) {
    if (err instanceof InputValidationError) return err.issues.map(({ path, message }) => ({ path, message }));
    throw err;
  }
  return [];
}

describe('SweepSpecSchema', () => {
  it('fills defaults: grid, all four scenarios, one repeat, no base paths', () => {
    const s = parseSweepText('name: thot\naxes:\n  tas.tacs.thresholds.Thot: [75, 80]\n');
    expect(s).toEqual({
      name: 'thot',
      base: {},
      axes: { 'tas.tacs.thresholds.Thot': [75, 80] },
      combine: 'grid',
      scenarios: ['baseline', 'taps', 'tacs', 'tas'],
      repeats: 1,
    });
  });

  it('accepts a full sweep with structured axis values', () => {
    const s = SweepSpecSchema.parse({
      name: 'cool-1.b',
      base: { arch: '../configs/arch.yaml' },
      axes: {
        'arch.thermal.grid': [
          [16, 16],
          [32, 32],
        ],
        'arch.thermal.stack_order': ['logic_near_sink', 'dram_near_sink'],
      },
      combine: 'zip',
      scenarios: ['tas'],
      repeats: 2,
      seeds: [1, 2],
    });
    expect(s.axes['arch.thermal.grid']).toEqual([
      [16, 16],
      [32, 32],
    ]);
    expect(s.seeds).toEqual([1, 2]);
  });

  it('reports every problem with its field path', () => {
    const found = issues(
      [
        'name: "../up"',
        'axes:',
        '  tas.tacs.thresholds.Thot: [75, 80, 80]',
        '  cooling.h: [1]',
        '  workload.routing.seed: [1, 2]',
        'scenarios: [tas, tas, nope]',
        'repeats: 2',
        'seeds: [3]',
        'extra: 1',
      ].join('\n'),
    );
    const paths = found.map((i) => i.path);
    expect(paths).toContain('name');
    expect(paths).toContain('axes.cooling.h');
    expect(paths).toContain('scenarios.2');
    expect(paths).toContain('');
    expect(found.find((i) => i.path === '')?.message).toMatch(/unknown key.*extra/);
  });

  it('checks cross-field rules once the shape is valid', () => {
    const found = issues(
      [
        'name: x',
        'axes:',
        '  tas.tacs.thresholds.Thot: [75, 80, 80]',
        '  workload.routing.seed: [1, 2, 3]',
        'scenarios: [tas, tas]',
        'repeats: 2',
        'seeds: [3]',
      ].join('\n'),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'axes.tas.tacs.thresholds.Thot.2', message: expect.stringMatching(/duplicate value 80/) },
        { path: 'seeds', message: expect.stringMatching(/one seed per repeat/) },
        { path: 'axes.workload.routing.seed', message: expect.stringMatching(/repeats\/seeds cannot also set it/) },
        { path: 'scenarios', message: expect.stringMatching(/listed twice/) },
      ]),
    );
  });

  it('zip needs equal axis lengths; grid does not', () => {
    const text = (combine: string) =>
      `name: z\ncombine: ${combine}\naxes:\n  tas.tacs.gamma: [0.1, 0.2]\n  workload.routing.zipf_s: [1]\n`;
    expect(issues(text('zip'))).toEqual([
      { path: 'axes.workload.routing.zipf_s', message: expect.stringMatching(/equal lengths/) },
    ]);
    expect(issues(text('grid'))).toEqual([]);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(issues('name: [x\n')[0]?.message).toMatch(/invalid YAML/);
  });
});
