import { describe, expect, it } from 'vitest';
import { ThermalError } from '../errors.js';
import { formatConfigFile, parseConfigFile } from './config-file.js';
import { formatFlp, parseFlp, placeFloorplan } from './flp.js';
import { formatGridSteady, formatGridTransientFrame, parseGridSteady, parseGridTransient } from './grid-file.js';
import { formatLcf, parseLcf } from './lcf.js';
import { formatSteadyFile, parseSteadyFile } from './steady-file.js';
import { formatPowerTrace, formatTemperatureTrace, parseTrace } from './trace.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ThermalError ? e.code : 'other';
  }
  return undefined;
}

describe('floorplan (.flp)', () => {
  const text =
    '# comment\nA\t0.001\t0.002\t0\t0\n\nB 0.001 0.002 0.001 0\nA B 0.5\nC\t0.002\t0.001\t0\t0.002\t1.75e6\t0.01\n';
  it('parses blocks, skips comments and wire-density lines, keeps optional material fields', () => {
    const fp = parseFlp(text);
    expect(fp.blocks.map((b) => b.name)).toEqual(['A', 'B', 'C']);
    expect(fp.blocks[2]).toMatchObject({
      widthM: 0.002,
      heightM: 0.001,
      leftM: 0,
      bottomM: 0.002,
      volumetricHeatCapacity: 1.75e6,
      resistivity: 0.01,
    });
  });
  it('round-trips exactly', () => {
    const fp = parseFlp(text);
    expect(parseFlp(formatFlp(fp, ['x']))).toEqual(fp);
    const odd = { blocks: [{ name: 'Z', widthM: 1 / 3, heightM: 1e-7, leftM: 0.1 + 0.2, bottomM: 0 }] };
    expect(parseFlp(formatFlp(odd))).toEqual(odd);
  });
  it('shifts to the origin and reports the bounding box', () => {
    const p = placeFloorplan(parseFlp('A 1 1 2 3\nB 1 2 3 3\n'));
    expect(p.widthM).toBe(2);
    expect(p.heightM).toBe(2);
    expect(p.blocks[0]).toMatchObject({ leftM: 0, bottomM: 0 });
  });
  it('refuses malformed lines with THERMAL_FORMAT', () => {
    expect(code(() => parseFlp('A 1 1 0\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseFlp('A 1 x 0 0\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseFlp('A 1 1 0 0\nA 1 1 1 0\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseFlp('# nothing\n'))).toBe('THERMAL_FORMAT');
  });
});

describe('layer configuration (.lcf)', () => {
  const text =
    '# stack\n1\nY\nN\n4e6\n0.2\n2e-05\ntim.flp\n\n0\nY\nY\n1.75e+06\n0.5\n5e-05\ndram.flp\n2\nN\nN\nsilicon\n1e-4\nx.flp\n';
  it('parses numeric and material layers and sorts by layer number', () => {
    const l = parseLcf(text);
    expect(l.layers.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(l.layers[0]).toEqual({
      index: 0,
      lateral: true,
      power: true,
      volumetricHeatCapacity: 1.75e6,
      resistivity: 0.5,
      thicknessM: 5e-5,
      floorplanFile: 'dram.flp',
    });
    expect(l.layers[2]).toEqual({
      index: 2,
      lateral: false,
      power: false,
      material: 'silicon',
      thicknessM: 1e-4,
      floorplanFile: 'x.flp',
    });
  });
  it('round-trips', () => {
    const l = parseLcf(text);
    expect(parseLcf(formatLcf(l, ['hello']))).toEqual(l);
  });
  it('refuses gaps, bad flags and truncation', () => {
    expect(code(() => parseLcf('0\nY\nY\n1\n1\n1\na.flp\n2\nY\nY\n1\n1\n1\nb.flp\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseLcf('0\nX\nY\n1\n1\n1\na.flp\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseLcf('0\nY\nY\n1\n1\n'))).toBe('THERMAL_FORMAT');
  });
});

describe('traces (.ptrace / .ttrace)', () => {
  it('round-trips power traces exactly and temperature traces at 0.01 K', () => {
    const t = { names: ['A', 'B', 'C'], rows: [Float64Array.of(1, 0.01, 1 / 3), Float64Array.of(0, 2.5e-7, 4)] };
    expect(parseTrace(formatPowerTrace(t))).toEqual(t);
    const k = { names: ['A', 'B'], rows: [Float64Array.of(318.154, 400.006)] };
    const s = formatTemperatureTrace(k);
    expect(s).toBe('A\tB\n318.15\t400.01\n');
    expect(parseTrace(s).rows[0]).toEqual(Float64Array.of(318.15, 400.01));
  });
  it('refuses ragged rows and duplicate names', () => {
    expect(code(() => parseTrace('A B\n1 2 3\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseTrace('A A\n1 2\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseTrace('A B\n1 x\n'))).toBe('THERMAL_FORMAT');
  });
});

describe('steady / init files', () => {
  it('round-trips with two decimals', () => {
    const s = { names: ['layer_0_A', 'hsp_A', 'inode_0'], valuesK: Float64Array.of(350.123, 340, 330.006) };
    const text = formatSteadyFile(s);
    expect(text).toBe('layer_0_A\t350.12\nhsp_A\t340.00\ninode_0\t330.01\n');
    expect(parseSteadyFile(text)).toEqual({ names: s.names, valuesK: Float64Array.of(350.12, 340, 330.01) });
  });
  it('refuses bad lines', () => {
    expect(code(() => parseSteadyFile('A 1 2\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseSteadyFile('A x\n'))).toBe('THERMAL_FORMAT');
  });
});

describe('grid files', () => {
  it('round-trips the steady grid format (Layer n: blocks)', () => {
    const g = { layers: [Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)] };
    const text = formatGridSteady(g);
    expect(text.split('\n').slice(0, 3)).toEqual(['Layer 0:', '0\t1.00', '1\t2.00']);
    expect(parseGridSteady(text)).toEqual(g);
  });
  it('round-trips transient dumps with their t = labels', () => {
    const a = [Float64Array.of(300, 301)],
      b = [Float64Array.of(302, 303)];
    const text = formatGridTransientFrame(0, a) + formatGridTransientFrame(0.003, b);
    expect(text.startsWith('t = 0.000000\nLayer 0:\n0\t300.00\n')).toBe(true);
    const f = parseGridTransient(text);
    expect(f.map((x) => x.labelTimeS)).toEqual([0, 0.003]);
    expect(f[1]?.layers).toEqual(b);
  });
  it('refuses out-of-order indices', () => {
    expect(code(() => parseGridSteady('Layer 0:\n1\t300\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseGridSteady('0\t300\n'))).toBe('THERMAL_FORMAT');
  });
});

describe('config files (-c)', () => {
  it('parses -name value lines with comments and round-trips', () => {
    const pairs = parseConfigFile('# HotSpot config\n\t-t_chip\t\t0.15e-3\n-k_chip 100.0 # silicon\n\n');
    expect(pairs).toEqual([
      ['t_chip', '0.15e-3'],
      ['k_chip', '100.0'],
    ]);
    expect(parseConfigFile(formatConfigFile(pairs, ['c']))).toEqual(pairs);
  });
  it('refuses lines without a dash or value', () => {
    expect(code(() => parseConfigFile('t_chip 1\n'))).toBe('THERMAL_FORMAT');
    expect(code(() => parseConfigFile('-t_chip\n'))).toBe('THERMAL_FORMAT');
  });
});
