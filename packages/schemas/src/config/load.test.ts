import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../errors.js';
import { configJsonSchema } from './json-schema.js';
import { expertModel } from './model-dims.js';
import { parseAnyConfigText, parseConfigText, type ConfigKind } from './load.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const fixtures = path.resolve(import.meta.dirname, '../__fixtures__/bad-configs');

describe('shipped configs', () => {
  const dir = path.join(repo, 'configs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it('has the seed configs', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'arch_8x8_32x32x8.yaml',
        'workload_mixtral_8x7b.yaml',
        'workload_deepseek_v2.yaml',
        'tas_params.yaml',
      ]),
    );
  });
  it.each(files)('%s validates and resolves to a frozen object', (f) => {
    const r = parseAnyConfigText(readFileSync(path.join(dir, f), 'utf8'), f);
    expect(Object.isFrozen(r.config)).toBe(true);
    if (r.kind === 'arch') {
      expect(Object.isFrozen(r.config.dvfs.domains[0]?.steps_ghz)).toBe(true);
      expect(r.config.dvfs.domains[0]?.hysteresis_c).toBe(2);
    }
  });
  it('Mixtral and DeepSeek-V2 have the documented MoE shapes', () => {
    const mix = parseConfigText('workload', readFileSync(path.join(dir, 'workload_mixtral_8x7b.yaml'), 'utf8'));
    // dimensions of the published config.json of mistralai/Mixtral-8x7B-v0.1
    expect(mix.moe).toEqual({
      layers: 32,
      experts_per_layer: 8,
      shared_experts: 0,
      model_dims: { hidden: 4096, ffn: 14336, matrices: 3, dtype_bytes: 2 },
    });
    expect(mix.routing.topk).toBe(2);
    expect(mix.sequence.steps * mix.sequence.concurrency * mix.sequence.micro_batch * mix.moe.layers).toBe(512_000);
    expect(expertModel(mix).expertBytes).toBe(336 * 2 ** 20);
    const ds = parseConfigText('workload', readFileSync(path.join(dir, 'workload_deepseek_v2.yaml'), 'utf8'));
    expect(ds.moe).toEqual({
      layers: 60,
      experts_per_layer: 160,
      shared_experts: 2,
      model_dims: { hidden: 5120, ffn: 1536, matrices: 3, dtype_bytes: 2 },
    });
    expect(ds.routing.topk).toBe(6);
  });
});

describe('defaults', () => {
  it('an empty tas params file resolves every field', () => {
    const t = parseConfigText('tas', '{}');
    expect(t.tacs.window_ms).toBe(3);
    // Operating point: soft thresholds a margin below the first DVFS trip (80 °C), docs/model.md.
    expect(t.tacs.thresholds).toEqual({ Thot: 77, Temg: 78, Temg_dram: 85 });
    expect(t.taps.capacity.core_flops_tps).toBe(5e12);
    expect(t.taps.solver).toBe('heuristic');
  });
  it('a minimal arch resolves the seed defaults', () => {
    const a = parseConfigText('arch', 'mesh: {cores: [8, 8]}\ndram: {banks: [32, 32, 8]}\ngeometry: {}\n');
    expect(a.dvfs.domains[0]?.trip_c).toEqual([80, 85, 90]);
    expect(a.refresh.tref_curve).toEqual([
      [40, 1],
      [55, 2],
      [70, 4],
      [85, 8],
    ]);
    expect(a.geometry.layers.dram).toEqual({ thickness_um: 50, k_wmk: 2, cv_jm3k: 1.75e6 });
    expect(a.thermal.ambient_c).toBe(45);
    expect(a.thermal.grid).toEqual([16, 16]);
    expect(a.mesh.noc.width_bits).toBe(256);
  });
  it('resolving twice gives equal objects (no shared mutable defaults)', () => {
    const a = parseConfigText('tas', '{}');
    const b = parseConfigText('tas', 'tacs: {window_ms: 5}');
    expect(a.tacs.window_ms).toBe(3);
    expect(b.tacs.window_ms).toBe(5);
  });
});

describe('malformed configs', () => {
  const expected = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as Record<
    string,
    { kind: ConfigKind; paths: string[]; message?: string }
  >;
  const names = Object.keys(expected);
  it('has at least 12 fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });
  it.each(names)('%s is rejected with the expected field path', (name) => {
    const exp = expected[name];
    if (exp === undefined) throw new Error('unreachable');
    const text = readFileSync(path.join(fixtures, name), 'utf8');
    let caught: unknown;
    try {
      parseConfigText(exp.kind, text, name);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputValidationError);
    const err = caught as InputValidationError;
    expect(err.issues.map((i) => i.path)).toEqual(expect.arrayContaining(exp.paths));
    for (const i of err.issues) expect(i.file).toBe(name);
    if (exp.message !== undefined) expect(err.message).toContain(exp.message);
    // one line per problem, each naming the file and the path
    expect(err.message.split('\n')).toHaveLength(err.issues.length);
  });
  it('unknown kind of document is refused', () => {
    expect(() => parseAnyConfigText('foo: 1', 'x.yaml')).toThrow(/cannot tell the kind/);
  });
});

describe('JSON Schema export', () => {
  it.each(['arch', 'workload', 'tas'] as const)('%s exports an object schema with its top-level keys', (kind) => {
    const s = configJsonSchema(kind);
    expect(s.type).toBe('object');
    const props = Object.keys(s.properties as object);
    const keys = {
      arch: ['mesh', 'dram', 'geometry', 'dvfs', 'refresh', 'power', 'thermal'],
      workload: ['model', 'moe', 'routing', 'sequence', 'operators', 'tensors'],
      tas: ['taps', 'tacs'],
    }[kind];
    expect(props).toEqual(expect.arrayContaining(keys));
    expect(s.additionalProperties).toBe(false);
  });
});
