import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThermalBackend } from '@tasmoe/schemas';
import { archWith, caseAPower } from '@tasmoe/thermal/testing';
import { GARBAGE_OUTPUT, writeExecutable, writeOwnHotspot } from '../../test/stand-in-binaries.js';
import { createEmbeddedArchBackend } from '@tasmoe/thermal';
import { createArchThermalBackend } from '../arch/arch-thermal-backend.js';
import { HotspotFileError } from '../errors.js';
import { HotspotFileBackend } from './hotspot-file-backend.js';

const work = mkdtempSync(join(tmpdir(), 'tasmoe-filemode-test-'));
// run folders (kept after a failure) go under `work`, removed with it (this file runs in its own process)
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = work;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(work, { recursive: true, force: true });
});

// the default stack (8,256 power columns) needs a HotSpot built with raised MAX_UNITS / LINE_SIZE: our own command has no such limits
const RAISED = { max_units: 1 << 20, line_size: 1 << 24 };
const arch = archWith((a) => ({
  ...a,
  // sub_cell_banks applies to the embedded back end only: off, so both sides are the grid alone
  thermal: { ...a.thermal, backend: 'hotspot-file', grid: [8, 8], hotspot: RAISED, sub_cell_banks: false },
}));
const power = caseAPower();
power.fill(0.003, 64);

function expectHotspotError(fn: () => unknown, code: string): HotspotFileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HotspotFileError);
    expect((err as HotspotFileError).code).toBe(code);
    return err as HotspotFileError;
  }
  throw new Error(`expected a ${code} error`);
}

describe('hotspot-file back end: failures are typed errors naming the command and file, logged, the run folder kept for them', () => {
  it('no binary configured (config, option and TASMOE_HOTSPOT all unset) -> HOTSPOT_BINARY_MISSING', () => {
    const e = expectHotspotError(
      () => createArchThermalBackend(arch, { hotspot: { env: {} } }),
      'HOTSPOT_BINARY_MISSING',
    );
    expect(e.message).toMatch(/TASMOE_HOTSPOT/);
  });

  it('a binary that does not exist, or is not executable -> HOTSPOT_BINARY_MISSING naming it', () => {
    const e = expectHotspotError(
      () => new HotspotFileBackend(arch, { binary: join(work, 'no-such-hotspot'), env: {} }),
      'HOTSPOT_BINARY_MISSING',
    );
    expect(e.message).toContain('no-such-hotspot');
    const plain = join(work, 'not-executable');
    writeFileSync(plain, 'data');
    expectHotspotError(() => new HotspotFileBackend(arch, { binary: plain, env: {} }), 'HOTSPOT_BINARY_MISSING');
    // TASMOE_HOTSPOT is honoured
    expectHotspotError(
      () => new HotspotFileBackend(arch, { env: { TASMOE_HOTSPOT: join(work, 'also-missing') } }),
      'HOTSPOT_BINARY_MISSING',
    );
  });

  it('non-zero exit -> HOTSPOT_EXIT with the status, the command line and the stderr tail, in the log too', () => {
    const bin = writeExecutable(work, 'exit3', 'echo "hotspot: error: unsupported option" >&2\nexit 3');
    const log: string[] = [];
    const be = new HotspotFileBackend(arch, { binary: bin, env: {}, log: (l) => log.push(l) });
    try {
      const e = expectHotspotError(() => be.steady(power), 'HOTSPOT_EXIT');
      expect(e.exitStatus).toBe(3);
      expect(e.command[0]).toBe(bin);
      expect(e.command).toContain('-steady_file');
      expect(e.message).toContain(bin);
      expect(e.stderrTail).toContain('unsupported option');
      expect(log.some((l) => l.includes('HOTSPOT_EXIT'))).toBe(true);
      expect(log.some((l) => l.includes('-grid_layer_file') || l.includes('-c hotspot.config'))).toBe(true);
    } finally {
      be.dispose();
    }
    // the files the error names are still there to read; the log says where
    expect(existsSync(join(be.folder, 'stack.lcf'))).toBe(true);
    expect(log).toContain(`hotspot-file: run folder kept for inspection: ${be.folder}`);
    rmSync(be.folder, { recursive: true, force: true });
  });

  it('garbage or missing output files -> HOTSPOT_OUTPUT naming the file', () => {
    const bin = writeExecutable(work, 'garbage', GARBAGE_OUTPUT);
    const be = new HotspotFileBackend(arch, { binary: bin, env: {} });
    try {
      const e = expectHotspotError(() => be.steady(power), 'HOTSPOT_OUTPUT');
      expect(e.file).toMatch(/steady\.out$/);
      const s = expectHotspotError(() => be.step(power, 3e-3), 'HOTSPOT_OUTPUT');
      expect(s.file).toMatch(/window\.ttrace$/);
    } finally {
      be.dispose();
    }
    const silent = new HotspotFileBackend(arch, { binary: writeExecutable(work, 'silent', 'exit 0'), env: {} });
    try {
      expect(expectHotspotError(() => silent.step(power, 3e-3), 'HOTSPOT_OUTPUT').message).toMatch(/was not written/);
    } finally {
      silent.dispose();
    }
  });

  it('a run longer than the timeout -> HOTSPOT_TIMEOUT', () => {
    const bin = writeExecutable(work, 'slow', 'sleep 10');
    const be = new HotspotFileBackend(arch, { binary: bin, env: {}, timeoutS: 0.3 });
    const t0 = Date.now();
    try {
      expectHotspotError(() => be.steady(power), 'HOTSPOT_TIMEOUT');
    } finally {
      be.dispose();
    }
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("a successful run removes its folder (unless keep_run_folder), and logs the binary's stderr", () => {
    const log: string[] = [];
    const ok = new HotspotFileBackend(arch, {
      binary: writeExecutable(work, 'quiet', 'echo "hotspot: note" >&2; exit 0'),
      env: {},
      log: (l) => log.push(l),
    });
    try {
      expectHotspotError(() => ok.step(power, 3e-3), 'HOTSPOT_OUTPUT');
    } finally {
      ok.dispose();
    }
    expect(log.some((l) => /run 1 stderr:\nhotspot: note/.test(l))).toBe(true);
    const clean = new HotspotFileBackend(arch, { binary: writeExecutable(work, 'noop2', 'exit 0'), env: {} });
    clean.dispose();
    expect(existsSync(clean.folder)).toBe(false);
    const keepArch = archWith((a) => ({
      ...a,
      thermal: { ...a.thermal, backend: 'hotspot-file', grid: [8, 8], hotspot: { ...RAISED, keep_run_folder: true } },
    }));
    const kept = new HotspotFileBackend(keepArch, { binary: writeExecutable(work, 'noop3', 'exit 0'), env: {} });
    kept.dispose();
    expect(existsSync(kept.folder)).toBe(true);
    rmSync(kept.folder, { recursive: true, force: true });
  });

  it('the arch config chooses the preset and the end state', () => {
    const bin = writeExecutable(work, 'noop4', 'exit 0');
    const make = (hotspot: Record<string, unknown>) =>
      new HotspotFileBackend(
        archWith((a) => ({
          ...a,
          thermal: { ...a.thermal, backend: 'hotspot-file', grid: [8, 8], hotspot: { ...RAISED, ...hotspot } },
        })),
        { binary: bin, env: {} },
      );
    const comet = make({ preset: 'comet' });
    const stock = make({});
    const override = make({ preset: 'comet', end_state: 'grid-transient' });
    try {
      expect(comet.endState).toBe('all-transient');
      expect(readFileSync(join(comet.folder, 'hotspot.config'), 'utf8')).toMatch(/-detailed_3D\s+on/);
      expect(stock.endState).toBe('grid-transient');
      expect(override.endState).toBe('grid-transient');
    } finally {
      for (const b of [comet, stock, override]) b.dispose();
    }
  });

  it('stock HotSpot 7.0 limits: the default stack (8,256 columns, lines over 65,536) is refused before any run, naming MAX_UNITS and LINE_SIZE', () => {
    const stock = archWith((a) => ({ ...a, thermal: { ...a.thermal, backend: 'hotspot-file', grid: [8, 8] } }));
    const e = expectHotspotError(
      () => new HotspotFileBackend(stock, { binary: writeExecutable(work, 'never', 'echo ran > ran.txt'), env: {} }),
      'HOTSPOT_LIMITS',
    );
    expect(e.category).toBe('input');
    expect(e.message).toMatch(
      /8256 columns .* more than the 8192 blocks the binary reads \(MAX_UNITS in HotSpot's flp\.h\)/,
    );
    expect(e.message).toMatch(
      /header 8[0-9],[0-9]{3}\), longer than the 65536 the binary reads \(LINE_SIZE in HotSpot's util\.h/,
    );
    expect(e.message).toMatch(/set thermal\.hotspot\.max_units \/ thermal\.hotspot\.line_size/);
    // a small stack fits stock HotSpot
    const small = archWith((a) => ({
      ...a,
      mesh: { ...a.mesh, cores: [4, 4] },
      dram: { ...a.dram, banks: [8, 8, 2] },
      thermal: { ...a.thermal, backend: 'hotspot-file', grid: [8, 8] },
    }));
    new HotspotFileBackend(small, { binary: writeExecutable(work, 'never2', 'exit 0'), env: {} }).dispose();
  });

  it("on timeout the whole process group is killed: a script's own children do not survive", () => {
    const marker = join(work, 'child-alive');
    const bin = writeExecutable(work, 'forks', `(sleep 1; echo alive > "${marker}") &\nsleep 10`);
    const be = new HotspotFileBackend(arch, { binary: bin, env: { PATH: process.env.PATH ?? '' }, timeoutS: 0.3 });
    try {
      expectHotspotError(() => be.steady(power), 'HOTSPOT_TIMEOUT');
    } finally {
      be.dispose();
      rmSync(be.folder, { recursive: true, force: true });
    }
    const until = Date.now() + 1800;
    while (Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    expect(existsSync(marker)).toBe(false);
  });

  it('writes HotSpot inputs into its private folder: LCF, floorplans, -c options, trace columns in LCF order', () => {
    const bin = writeExecutable(work, 'noop', 'exit 0');
    const be = new HotspotFileBackend(arch, { binary: bin, env: {} });
    try {
      const lcf = readFileSync(join(be.folder, 'stack.lcf'), 'utf8');
      expect(lcf).toContain('dram7.flp');
      expect(lcf).toContain('bond0.flp');
      const cfg = readFileSync(join(be.folder, 'hotspot.config'), 'utf8');
      expect(cfg).toMatch(/-model_type\s+grid/);
      expect(cfg).toMatch(/-grid_rows\s+8/);
      expect(cfg).toMatch(
        new RegExp(`-r_convec\\s+${(1 / (arch.geometry.cooling.h_wmk2k * 0.0036)).toPrecision(3).replace('.', '\\.')}`),
      );
      // banks of the top die first, cores last (logic is the last power layer)
      expect(be.inputs.columns[0]).toBe('D7_B_0_0');
      expect(be.inputs.columns[be.inputs.columns.length - 1]).toBe('C63');
      expect(be.inputs.columns[be.inputs.columnOfBlock[0] as number]).toBe('C0');
      expect(be.inputs.columns[be.inputs.columnOfBlock[64] as number]).toBe('D0_B_0_0');
    } finally {
      be.dispose();
    }
  });
});

const OWN = writeOwnHotspot(work);

describe.skipIf(OWN === undefined)(
  `hotspot-file back end against our own HotSpot-compatible command${OWN === undefined ? ' (SKIPPED: tsx or the repository root not found)' : ''}`,
  () => {
    const grid = [16, 16] as const;
    const hot = Float64Array.from(power);
    hot[27] = 3;
    hot[9] = 2.5;
    for (let b = 64; b < 64 + 1024; b++) hot[b] = 0.006;

    function compare(
      file: ThermalBackend,
      emb: ThermalBackend,
      powers: readonly Float64Array[],
    ): { steady: number; steps: number[]; peaks: number } {
      const diff = (a: Float64Array, b: Float64Array) =>
        a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
      const a0 = file.steady(power),
        b0 = emb.steady(power);
      let peaks = diff(a0.layerPeakK, b0.layerPeakK);
      const steps: number[] = [];
      for (const p of powers) {
        const a = file.step(p, 3e-3),
          b = emb.step(p, 3e-3);
        steps.push(diff(a.blockTempsK, b.blockTempsK));
        peaks = Math.max(peaks, diff(a.layerPeakK, b.layerPeakK));
        expect(a.timeS).toBeCloseTo(b.timeS, 12);
      }
      return { steady: diff(a0.blockTempsK, b0.blockTempsK), steps, peaks };
    }

    it('stock HotSpot 7.0 chaining (grid-transient end state): same temperatures as the embedded back end', () => {
      const log: string[] = [];
      const file = createArchThermalBackend(arch, {
        grid,
        hotspot: { binary: OWN as string, env: {}, log: (l) => log.push(l) },
      });
      const emb = createEmbeddedArchBackend(arch, { grid, tiers: 'layers', stages: 5, coupledStages: 5 });
      try {
        expect(file.name).toBe('hotspot-file');
        const r = compare(file, emb, [hot, hot, power]);
        // steady: the .steady file's 0.01 K print resolution; steps: init files carry block means only
        // (the logic die's within-core gradients are rebuilt every window) and grid files 0.01 K -- see docs/model.md
        expect(r.steady).toBeLessThan(0.006);
        expect(Math.max(...r.steps)).toBeLessThan(0.02);
        expect(r.peaks).toBeLessThan(0.02);
        expect(log.filter((l) => l.includes('-init_file state.init'))).toHaveLength(3);
        console.log(
          `file mode (grid-transient) vs embedded: steady ${r.steady.toFixed(4)} K, steps ${r.steps.map((v) => v.toFixed(4)).join(' ')} K, peaks ${r.peaks.toFixed(4)} K`,
        );
      } finally {
        file.dispose();
      }
    }, 60_000);

    it('CoMeT chaining (-all_transient_file end state): same temperatures as the embedded back end', () => {
      const file = new HotspotFileBackend(arch, { binary: OWN as string, env: {}, grid, endState: 'all-transient' });
      const emb = createEmbeddedArchBackend(arch, { grid, tiers: 'layers', stages: 5, coupledStages: 5 });
      try {
        const r = compare(file, emb, [hot]);
        expect(r.steady).toBeLessThan(0.006);
        expect(Math.max(...r.steps)).toBeLessThan(0.02);
        console.log(
          `file mode (all-transient) vs embedded: steady ${r.steady.toFixed(4)} K, steps ${r.steps.map((v) => v.toFixed(4)).join(' ')} K, peaks ${r.peaks.toFixed(4)} K`,
        );
      } finally {
        file.dispose();
      }
    }, 60_000);
  },
);
