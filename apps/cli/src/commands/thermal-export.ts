/**
 * `tasmoe thermal-export --arch A --out DIR`: the arch config's 3D stack as
 * HotSpot input files (a floorplan per layer, stack.lcf, hotspot.config, a
 * one-row power.ptrace of the nominal idle power, RUN.txt with the command
 * lines), so a researcher can hand our stack to HotSpot itself.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { HotspotOptionPreset } from '@tasmoe/thermal';
import type { ResolvedArchConfig } from '@tasmoe/schemas';
import { readConfig } from '../read-config.js';
import { CommandError, repoRoot, resolveUserPath, type Io } from '@tasmoe/experiment';

interface ThermalExportOptions {
  arch: string;
  out: string;
  grid?: string;
  preset: string;
  dt: string;
}

function readArch(file: string): ResolvedArchConfig {
  return readConfig('arch', file);
}

function parseGrid(text: string | undefined): readonly [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/.exec(text.trim());
  if (m === null || Number(m[1]) < 1 || Number(m[2]) < 1)
    throw new CommandError('USAGE', `--grid expects ROWSxCOLS (e.g. 64x64), got "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

export function registerThermalExportCommand(program: Command, io: Io): void {
  program
    .command('thermal-export')
    .description(
      "write the arch config's 3D stack as HotSpot input files (floorplans, stack.lcf, hotspot.config, power.ptrace)",
    )
    .option('--arch <file>', 'hardware config', path.join(repoRoot(), 'configs', 'arch_8x8_32x32x8.yaml'))
    .requiredOption('--out <dir>', 'output folder')
    .option(
      '--grid <RxC>',
      'grid rows x columns (default: thermal.grid of the config; HotSpot without SuperLU needs powers of two)',
    )
    .option(
      '--preset <name>',
      'option preset: hotspot7 (HotSpot 7.0 grid model) or comet (CoMeT: -model_secondary 1 -detailed_3D on)',
      'hotspot7',
    )
    .option('--dt <seconds>', 'sampling interval written to hotspot.config', '0.003')
    .action(async (opts: ThermalExportOptions) => {
      if (opts.preset !== 'hotspot7' && opts.preset !== 'comet')
        throw new CommandError('USAGE', `--preset must be hotspot7 or comet, got "${opts.preset}"`);
      const dt = Number(opts.dt);
      if (!(dt > 0) || !Number.isFinite(dt))
        throw new CommandError('USAGE', `--dt expects a positive number of seconds, got "${opts.dt}"`);
      const arch = readArch(opts.arch);
      const grid = parseGrid(opts.grid);
      const { writeHotspotExport } = await import('@tasmoe/thermal');
      const r = writeHotspotExport(arch, resolveUserPath(opts.out), {
        preset: opts.preset as HotspotOptionPreset,
        samplingIntervalS: dt,
        ...(grid === undefined ? {} : { grid }),
      });
      io.out(
        `${r.dir}: ${r.files.length} files (${r.files.filter((f) => f.endsWith('.flp')).length} floorplans, stack.lcf, hotspot.config, power.ptrace, RUN.txt)`,
      );
      for (const c of r.commands) io.out(`  ${c}`);
    });
}
