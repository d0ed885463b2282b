import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archWith, caseAPower, loadArch } from '../../test/arch-configs.js';
import { createEmbeddedArchBackend } from '../arch/embedded-arch-backend.js';
import { ThermalError } from '../errors.js';
import { parseConfigFile } from '../hotspot/config-file.js';
import { runHotspotCommand } from '../hotspot/command.js';
import { parseFlp } from '../hotspot/flp.js';
import { parseLcf } from '../hotspot/lcf.js';
import { parseSteadyFile, steadyToMap } from '../hotspot/steady-file.js';
import { parseTrace } from '../hotspot/trace.js';
import { writeHotspotExport, nominalIdleBlockPowerW } from './hotspot-export-io.js';
import { formatArchPowerTrace, hotspotInputsForArch } from './hotspot-inputs.js';

describe('hotspotInputsForArch', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');
  const inputs = hotspotInputsForArch(arch, { grid: [16, 16] });

  it('LCF: one layer per die and bond (never composites) + TIM, farthest from the sink first, k as resistivity', () => {
    const lcf = parseLcf(inputs.files.get('stack.lcf') ?? '');
    expect(lcf.layers).toHaveLength(18);
    expect(lcf.layers.map((l) => l.floorplanFile)).toEqual([
      ...[7, 6, 5, 4, 3, 2, 1, 0].flatMap((d) => [`dram${d}.flp`, `bond${d}.flp`]),
      'logic.flp',
      'tim.flp',
    ]);
    const bond = lcf.layers[1]!;
    expect(bond).toMatchObject({ power: false, lateral: true });
    expect(bond.resistivity).toBeCloseTo(0.5, 12);
    expect(lcf.layers[0]!.resistivity).toBeCloseTo(1 / 120, 12);
    for (const l of lcf.layers)
      expect(parseFlp(inputs.files.get(l.floorplanFile) ?? '').blocks.length).toBeGreaterThan(0);
  });

  it('-c options: grid model, avg mapping, the arch package and ambient, parseable by HotSpot rules', () => {
    const opts = new Map(parseConfigFile(inputs.files.get('hotspot.config') ?? ''));
    expect(opts.get('model_type')).toBe('grid');
    expect(opts.get('grid_map_mode')).toBe('avg');
    expect(opts.get('grid_rows')).toBe('16');
    expect(Number(opts.get('ambient'))).toBeCloseTo(318.15, 9);
    expect(Number(opts.get('r_convec'))).toBeCloseTo(1 / (arch.geometry.cooling.h_wmk2k * 0.0036), 12);
    expect(opts.get('s_sink')).toBe('0.06');
    const comet = new Map(
      parseConfigFile(
        hotspotInputsForArch(arch, { grid: [16, 16], preset: 'comet' }).files.get('hotspot.config') ?? '',
      ),
    );
    expect(comet.get('model_secondary')).toBe('1');
    expect(comet.get('detailed_3D')).toBe('on');
  });

  it('trace columns follow the LCF: banks die 7..0 then cores (logic near sink); cores first when DRAM is near the sink', () => {
    expect(inputs.columns.slice(0, 2)).toEqual(['D7_B_0_0', 'D7_B_1_0']);
    expect(inputs.columns.slice(-1)).toEqual(['C63']);
    const hmc = hotspotInputsForArch(
      archWith((a) => ({ ...a, thermal: { ...a.thermal, stack_order: 'dram_near_sink' } })),
      { grid: [16, 16] },
    );
    expect(hmc.columns.slice(0, 2)).toEqual(['C0', 'C1']);
    expect(hmc.columns[64]).toBe('D0_B_0_0');
    // a power vector in layout order lands in the right columns
    const p = new Float64Array(64 + 8192);
    p[3] = 7; // C3
    p[64 + 1024 * 2 + 33] = 9; // D2_B_1_1
    const tr = parseTrace(formatArchPowerTrace(inputs, [p]));
    const row = tr.rows[0]!;
    expect(row[tr.names.indexOf('C3')]).toBe(7);
    expect(row[tr.names.indexOf('D2_B_1_1')]).toBe(9);
    expect(row.reduce((a, b) => a + b, 0)).toBe(16);
  });

  it('refuses convective cooling (HotSpot always has a spreader and a sink)', () => {
    const conv = archWith((a) => ({
      ...a,
      geometry: { ...a.geometry, cooling: { type: 'convective', h_wmk2k: 2e4 } },
    }));
    expect(() => hotspotInputsForArch(conv)).toThrow(ThermalError);
  });
});

describe('writeHotspotExport + our HotSpot-compatible command', () => {
  it('the exported files run as written and give the embedded steady state (0.01 K print resolution)', () => {
    const arch = archWith((a) => ({ ...a, thermal: { ...a.thermal, grid: [8, 8] } }));
    const dir = mkdtempSync(join(tmpdir(), 'tasmoe-export-'));
    try {
      const p = caseAPower();
      p.fill(0.004, 64);
      p[27] = 3;
      const r = writeHotspotExport(arch, dir, { powerW: p });
      expect(r.files).toEqual(
        expect.arrayContaining([
          'stack.lcf',
          'hotspot.config',
          'power.ptrace',
          'RUN.txt',
          'logic.flp',
          'dram0.flp',
          'bond0.flp',
          'tim.flp',
        ]),
      );
      const err: string[] = [];
      const code = runHotspotCommand(['-c', 'hotspot.config', '-p', 'power.ptrace', '-steady_file', 'power.steady'], {
        cwd: dir,
        stdout: { write: () => 0 },
        stderr: { write: (s: string) => err.push(s) },
      });
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      const hs = steadyToMap(parseSteadyFile(readFileSync(join(dir, 'power.steady'), 'utf8')));
      // HotSpot has no sub-cell correction: the grid alone
      const emb = createEmbeddedArchBackend(arch, { tiers: 'layers', subCellBanks: false }).steady(p);
      const inputs = hotspotInputsForArch(arch);
      let worst = 0,
        b = 0;
      inputs.layout.layers.forEach((ll, li) => {
        for (const bn of ll.blocks)
          worst = Math.max(
            worst,
            Math.abs(
              (hs.get(`layer_${inputs.gridLayerOfLayoutLayer[li]}_${bn}`) as number) - (emb.blockTempsK[b++] as number),
            ),
          );
      });
      expect(worst).toBeLessThanOrEqual(0.0051);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the default power is the nominal idle power: core idle + leakage, bank leakage + 1x refresh', () => {
    const arch = loadArch('arch_8x8_32x32x8.yaml');
    const p = nominalIdleBlockPowerW(arch);
    expect(p[0]).toBeCloseTo(0.05 + 0.12, 12);
    expect(p[64]).toBeCloseTo(arch.power.bank_leak_w + (1 / 7.8e-6) * arch.power.refresh_nj_per_command * 1e-9, 12);
  });
});
