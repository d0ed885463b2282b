import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tiles } from '../../test/small-stacks.js';
import { runHotspotCommand } from './command.js';
import { formatFlp } from './flp.js';
import { parseConfigFile } from './config-file.js';
import { parseSteadyFile } from './steady-file.js';
import { parseTrace } from './trace.js';
import { parseGridSteady } from './grid-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tasmoe-hotspot-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'chip.flp'), formatFlp(tiles('B', 2, 2, 0.01, 0.01)));
writeFileSync(join(dir, 'p.ptrace'), 'B0\tB1\tB2\tB3\n1\t2\t3\t4\n3\t2\t1\t0\n');
writeFileSync(join(dir, 'die.flp'), formatFlp(tiles('D', 2, 2, 0.01, 0.01)));
writeFileSync(join(dir, 'tim.flp'), formatFlp(tiles('T', 1, 1, 0.01, 0.01)));
writeFileSync(join(dir, 'stack.lcf'), '0\nY\nY\n1.75e6\n0.01\n1e-4\ndie.flp\n1\nY\nN\n4e6\n0.25\n2e-5\ntim.flp\n');
writeFileSync(join(dir, 'lcf.ptrace'), 'D0 D1 D2 D3\n5 5 5 5\n');

function run(args: string[]): { code: number; err: string } {
  let err = '';
  const code = runHotspotCommand(args, {
    cwd: dir,
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, err };
}

const base = ['-model_type', 'grid', '-grid_rows', '8', '-grid_cols', '8', '-grid_map_mode', 'avg'];

describe('HotSpot-compatible command', () => {
  it('refuses an unknown option by name with a non-zero exit code', () => {
    const r = run(['-p', 'p.ptrace', '-f', 'chip.flp', ...base, '-frobnicate', '1', '-steady_file', 'x.steady']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/-frobnicate/);
    expect(existsSync(join(dir, 'x.steady'))).toBe(false);
  });

  it('refuses implemented-elsewhere features by name (secondary path, block model, detailed 3D)', () => {
    for (const [opt, val] of [
      ['-model_secondary', '1'],
      ['-leakage_used', '1'],
      ['-detailed_3D', 'on'],
      ['-dtm_used', '1'],
    ] as const) {
      const r = run(['-p', 'p.ptrace', '-f', 'chip.flp', ...base, opt, val]);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(opt);
    }
    const r = run(['-p', 'p.ptrace', '-f', 'chip.flp', '-grid_rows', '8']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/-model_type/);
  });

  it('reports missing inputs and bad values clearly', () => {
    expect(run(['-f', 'chip.flp', ...base]).err).toMatch(/-p/);
    expect(run(['-p', 'p.ptrace', '-f', 'chip.flp', ...base, '-grid_rows', 'x']).err).toMatch(/-grid_rows/);
    expect(run(['-p', 'nope.ptrace', '-f', 'chip.flp', ...base]).err).toMatch(/nope\.ptrace/);
    expect(run(['-p', 'p.ptrace', '-f', 'chip.flp', '-model_type']).err).toMatch(/no value/);
  });

  it('runs a -f (single-layer chip) steady case with HotSpot names and energy-consistent output', () => {
    const r = run([
      '-p',
      'p.ptrace',
      '-f',
      'chip.flp',
      ...base,
      '-steady_file',
      'chip.steady',
      '-grid_steady_file',
      'chip.grid.steady',
    ]);
    expect(r).toEqual({ code: 0, err: '' });
    const s = parseSteadyFile(readFileSync(join(dir, 'chip.steady'), 'utf8'));
    expect(s.names.slice(0, 5)).toEqual(['B0', 'B1', 'B2', 'B3', 'iface_B0']);
    expect(s.names.slice(-12)).toEqual(Array.from({ length: 12 }, (_, i) => `inode_${i}`));
    expect(s.names).toContain('hsp_B3');
    expect(s.names).toContain('hsink_B0');
    const g = parseGridSteady(readFileSync(join(dir, 'chip.grid.steady'), 'utf8'));
    expect(g.layers).toHaveLength(4);
    const v = new Map(s.names.map((n, i) => [n, s.valuesK[i]!]));
    // average power: B0 2 W, B3 2 W, B1 2 W, B2 2 W -> symmetric; die hotter than spreader hotter than sink, all above ambient
    expect(v.get('B0')!).toBeGreaterThan(v.get('hsp_B0')!);
    expect(v.get('hsp_B0')!).toBeGreaterThan(v.get('hsink_B0')!);
    expect(v.get('hsink_B0')!).toBeGreaterThan(318.15);
  });

  it('reads -c config files, lets the command line win, and dumps the effective options with -d', () => {
    writeFileSync(
      join(dir, 'cfg.config'),
      '# test\n-model_type grid\n-grid_rows 4\n-grid_cols 4\n-ambient 300\n-grid_map_mode avg\n',
    );
    const r = run([
      '-c',
      'cfg.config',
      '-p',
      'lcf.ptrace',
      '-grid_layer_file',
      'stack.lcf',
      '-grid_rows',
      '8',
      '-d',
      'dump.config',
      '-o',
      'out.ttrace',
      '-sampling_intvl',
      '0.01',
      '-init_temp',
      '300',
      '-steady_file',
      'lcf.steady',
    ]);
    expect(r).toEqual({ code: 0, err: '' });
    const dump = new Map(parseConfigFile(readFileSync(join(dir, 'dump.config'), 'utf8')));
    expect(dump.get('grid_rows')).toBe('8');
    expect(dump.get('grid_cols')).toBe('4');
    expect(dump.get('ambient')).toBe('300');
    expect(dump.has('p')).toBe(false);
    // the dump is itself a valid -c file
    const again = run(['-c', 'dump.config', '-p', 'lcf.ptrace', '-steady_file', 'again.steady']);
    expect(again).toEqual({ code: 0, err: '' });
    expect(readFileSync(join(dir, 'again.steady'), 'utf8')).toBe(readFileSync(join(dir, 'lcf.steady'), 'utf8'));
    writeFileSync(join(dir, 'bad.config'), '-p lcf.ptrace\n');
    expect(run(['-c', 'bad.config', '-grid_layer_file', 'stack.lcf', '-model_type', 'grid']).err).toMatch(
      /-p is only allowed on the command line/,
    );
    const t = parseTrace(readFileSync(join(dir, 'out.ttrace'), 'utf8'));
    expect(t.names).toEqual(['D0', 'D1', 'D2', 'D3']);
    expect(t.rows).toHaveLength(1);
    const s = parseSteadyFile(readFileSync(join(dir, 'lcf.steady'), 'utf8'));
    expect(s.names.slice(0, 5)).toEqual(['layer_0_D0', 'layer_0_D1', 'layer_0_D2', 'layer_0_D3', 'layer_1_T0']);
    // transient from 300 K for 10 ms stays below the steady state
    expect(t.rows[0]![0]!).toBeGreaterThan(300);
    expect(t.rows[0]![0]!).toBeLessThan(s.valuesK[0]!);
  });

  it('refuses a power trace whose columns do not follow the power layers', () => {
    writeFileSync(join(dir, 'bad.ptrace'), 'D0 D1 D2 X\n1 1 1 1\n');
    const r = run(['-p', 'bad.ptrace', '-grid_layer_file', 'stack.lcf', ...base, '-steady_file', 'bad.steady']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.ptrace.*X/);
  });
});
