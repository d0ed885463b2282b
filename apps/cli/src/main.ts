/**
 * The `tasmoe` command. Each subcommand is a thin shell: it resolves paths
 * against the user's folder, reads files, calls pure package functions, writes
 * results. Errors map to exit codes by their category (@tasmoe/experiment).
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { configJsonSchema, type ConfigKind } from '@tasmoe/schemas';
import { registerGenTracesCommand } from './commands/gen-traces.js';
import { registerImportCountsCommand } from './commands/import-counts.js';
import { registerPlaceCommand } from './commands/place.js';
import { registerReportCommand } from './commands/report.js';
import { validateCommand } from './commands/validate.js';
import { registerRunCommands } from './commands/run.js';
import {
  CommandError,
  configureProgram,
  processIo,
  repoRoot,
  resolveUserPath,
  runCommand,
  userCwd,
  type Io,
} from '@tasmoe/experiment';
import { thermalCommand } from './commands/thermal.js';
import { registerThermalExportCommand } from './commands/thermal-export.js';
import path from 'node:path';

export const DEFAULT_CONFIGS = {
  arch: 'configs/arch_8x8_32x32x8.yaml',
  workload: 'configs/workload_mixtral_8x7b.yaml',
  tas: 'configs/tas_params.yaml',
} as const;

export function defaultConfigPath(kind: keyof typeof DEFAULT_CONFIGS): string {
  return path.join(repoRoot(), DEFAULT_CONFIGS[kind]);
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = configureProgram(new Command('tasmoe'), io).description(
    'TAS-MoE: thermal-aware scheduling of MoE inference on 3D-stacked near-memory processors',
  );

  program
    .command('validate')
    .description(
      'detect the kind of each file (config, placement, replica state, trace, overlay, events) and validate it; with --arch and --workload, check records against them',
    )
    .argument('<files...>', 'files to validate')
    .option('--arch <file>', 'arch config to check placements, replica states, overlays and traces against')
    .option('--workload <file>', 'workload config to check them against')
    .action(async (files: string[], opts: { arch?: string; workload?: string }) =>
      setExit(await validateCommand(files, io, opts)),
    );

  program
    .command('schema')
    .description('print (or write) the JSON Schema of a config kind')
    .argument('<kind>', 'arch | workload | tas')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action((kind: string, opts: { out?: string }) => {
      if (kind !== 'arch' && kind !== 'workload' && kind !== 'tas') {
        throw new CommandError('USAGE', `unknown config kind "${kind}": expected arch, workload or tas`);
      }
      const text = `${JSON.stringify(configJsonSchema(kind as ConfigKind), null, 2)}\n`;
      if (opts.out === undefined) io.out(text.trimEnd());
      else writeFileSync(resolveUserPath(opts.out), text);
    });

  registerRunCommands(program, io, setExit, {
    arch: defaultConfigPath('arch'),
    workload: defaultConfigPath('workload'),
    tas: defaultConfigPath('tas'),
  });

  registerGenTracesCommand(program, io);
  registerImportCountsCommand(program, io);

  registerPlaceCommand(program, io, async (arch) => (await import('@tasmoe/thermal')).computeInfluenceMatrix(arch));

  program
    .command('thermal')
    .description("HotSpot-compatible thermal solver: takes HotSpot's own command line")
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => setExit(await thermalCommand(args, userCwd())));

  registerReportCommand(program, io);

  registerThermalExportCommand(program, io);

  return program;
}

export function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  return runCommand(argv, io, (setExit) => buildProgram(io, setExit));
}
