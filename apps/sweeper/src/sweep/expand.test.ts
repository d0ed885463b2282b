import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputValidationError, parseSweepText, type InputIssue } from '@tasmoe/schemas';
import { parsePointJobData, pointJobData } from '../distributed/job.js';
import { REPO_ROOT, TINY_SWEEP } from '../testing/fixtures.js';
import { canonicalJson } from '@tasmoe/experiment';
import { axisCombinations, expandSweep } from './expand.js';
import { loadSweep } from './load-sweep.js';

const base = loadSweep(TINY_SWEEP).base;

function issuesOf(f: () => unknown): InputIssue[] {
  try {
    f();
  } catch (err) {
    if (err instanceof InputValidationError) return [...err.issues];
    throw err;
  }
  throw new Error('expected an InputValidationError');
}

describe('expandSweep', () => {
  it('grid: cartesian product, last axis fastest, each value set in the resolved configs', () => {
    const spec = parseSweepText(
      'name: g\naxes:\n  tas.tacs.thresholds.Thot: [70, 75]\n  workload.routing.zipf_s: [0.8, 1.2, 1.6]\nscenarios: [tas]\n',
    );
    const points = expandSweep(spec, base);
    expect(points.map((p) => [p.configs.tas.tacs.thresholds.Thot, p.configs.workload.routing.zipf_s])).toEqual([
      [70, 0.8],
      [70, 1.2],
      [70, 1.6],
      [75, 0.8],
      [75, 1.2],
      [75, 1.6],
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(points.map((p) => p.id)).size).toBe(6);
    expect(points[4]?.axes).toEqual({ 'tas.tacs.thresholds.Thot': 75, 'workload.routing.zipf_s': 1.2 });
    // Everything not swept stays as in the base configs.
    expect(points[0]?.configs.arch).toEqual(base.arch);
    expect(points[0]?.configs.tas.tacs.thresholds.Temg).toBe(base.tas.tacs.thresholds.Temg);
    expect(Object.isFrozen(points[0]?.configs.tas.tacs)).toBe(true);
  });

  it('zip: i-th values together', () => {
    const spec = parseSweepText(
      'name: z\ncombine: zip\naxes:\n  tas.tacs.cost.mu_noc: [1, 2, 3]\n  tas.tacs.cost.eta_temp: [0.5, 1, 1.5]\n',
    );
    expect(axisCombinations(spec).map((c) => c.map(([, v]) => v))).toEqual([
      [1, 0.5],
      [2, 1],
      [3, 1.5],
    ]);
    expect(expandSweep(spec, base).map((p) => p.configs.tas.tacs.cost)).toEqual([
      { ...base.tas.tacs.cost, mu_noc: 1, eta_temp: 0.5 },
      { ...base.tas.tacs.cost, mu_noc: 2, eta_temp: 1 },
      { ...base.tas.tacs.cost, mu_noc: 3, eta_temp: 1.5 },
    ]);
  });

  it('repeats set routing.seed per repeat: the listed seeds, else base seed + repeat', () => {
    const listed = expandSweep(
      parseSweepText('name: r\naxes:\n  tas.tacs.gamma: [0.2, 0.4]\nrepeats: 2\nseeds: [7, 9]\n'),
      base,
    );
    expect(listed.map((p) => [p.axes['tas.tacs.gamma'], p.repeat, p.seed, p.configs.workload.routing.seed])).toEqual([
      [0.2, 0, 7, 7],
      [0.2, 1, 9, 9],
      [0.4, 0, 7, 7],
      [0.4, 1, 9, 9],
    ]);
    const implicit = expandSweep(parseSweepText('name: r\nrepeats: 3\n'), base);
    const s0 = base.workload.routing.seed;
    expect(implicit.map((p) => p.seed)).toEqual([s0, s0 + 1, s0 + 2]);
    expect(new Set(implicit.map((p) => p.id)).size).toBe(3);
  });

  it('structured values and array indices', () => {
    const spec = parseSweepText(
      'name: s\naxes:\n  arch.thermal.grid: [[16, 16], [24, 24]]\n  arch.mesh.cores.0: [8]\n',
    );
    expect(expandSweep(spec, base).map((p) => p.configs.arch.thermal.grid)).toEqual([
      [16, 16],
      [24, 24],
    ]);
  });

  it('reports every invalid point with its axis values and the config path, before anything runs', () => {
    const spec = parseSweepText(
      'name: bad\naxes:\n  tas.tacs.thresholds.Thot: [80, 95]\n  tas.tacs.thresholds.Temg: [90, 70]\n  workload.routing.zipf_s: [1]\n',
    );
    const issues = issuesOf(() => expandSweep(spec, base, { file: 'bad.yaml' }));
    // Thot=95 is above both Temg values; Temg=70 is below both Thot values: three points of four are invalid.
    expect(issues.length).toBeGreaterThanOrEqual(3);
    expect(issues.every((i) => i.file === 'bad.yaml' && i.path.startsWith('tas.tacs'))).toBe(true);
    expect(issues.map((i) => i.message).join('\n')).toMatch(
      /point 1 \(tas\.tacs\.thresholds\.Thot=80, tas\.tacs\.thresholds\.Temg=70, workload\.routing\.zipf_s=1\)/,
    );
    expect(issues.map((i) => i.message).join('\n')).not.toMatch(/point 0 /);
  });

  it('an unknown key or a path through a scalar is an issue of the point, not a crash', () => {
    const unknown = issuesOf(() =>
      expandSweep(parseSweepText('name: u\naxes:\n  tas.tacs.thresholds.Thott: [1]\n'), base),
    );
    expect(unknown[0]?.path).toBe('tas.tacs.thresholds');
    expect(unknown[0]?.message).toMatch(/Thott/);
    const scalar = issuesOf(() => expandSweep(parseSweepText('name: u\naxes:\n  tas.tacs.gamma.x: [1]\n'), base));
    expect(scalar[0]?.path).toBe('axes.tas.tacs.gamma.x');
  });

  it('the point hash is stable: re-validating a point (as a Redis worker does) gives the same hash', () => {
    for (const p of loadSweep(TINY_SWEEP).points) {
      const wire = JSON.parse(JSON.stringify(pointJobData(p))) as unknown;
      expect(parsePointJobData(wire).hash).toBe(p.hash);
    }
  });

  it('a worker refuses a point whose configs do not hash to its id', () => {
    const p = loadSweep(TINY_SWEEP).points[0];
    if (p === undefined) throw new Error('no point');
    const wire = JSON.parse(JSON.stringify(pointJobData(p))) as {
      point: { configs: { tas: { tacs: { gamma: number } } } };
    };
    wire.point.configs.tas.tacs.gamma += 0.01;
    expect(() => parsePointJobData(wire)).toThrow(/hash/);
  });
});

describe('shipped example sweep', () => {
  it('sweeps/thot-mu.yaml expands to 3 x 3 points x 2 seeds', () => {
    const s = loadSweep(path.join(REPO_ROOT, 'sweeps', 'thot-mu.yaml'));
    expect(s.points).toHaveLength(18);
    expect(new Set(s.points.map((p) => p.id)).size).toBe(18);
    expect(s.points.map((p) => p.seed).slice(0, 2)).toEqual([42, 43]);
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer()))), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(obj);
      }),
    );
  });
});
