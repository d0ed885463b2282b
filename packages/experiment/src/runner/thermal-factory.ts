/**
 * Which thermal back end a run uses. By default the one the arch config names
 * (`thermal.backend`: embedded or hotspot-file) from @tasmoe/comet-adapter; a
 * run may instead name a module (URL or path) exporting
 * `createThermal(arch): ThermalBackend` and optionally `influence(arch)` — how
 * tests plug in a fast double and how a researcher plugs in another simulator.
 */
import { pathToFileURL } from 'node:url';
import type { InfluenceMatrix, ResolvedArchConfig, ThermalBackend } from '@tasmoe/schemas';
import { createArchThermalBackend } from '@tasmoe/comet-adapter';
import { computeInfluenceMatrix } from '@tasmoe/thermal';
import { CommandError } from '../shell/command-error.js';

/** What the runner hands a back end it creates: run.log, for the command lines and stderr of an external solver. */
export interface ThermalContext {
  readonly log: (line: string) => void;
}

export interface ThermalProvider {
  readonly createThermal: (arch: ResolvedArchConfig, ctx?: ThermalContext) => ThermalBackend;
  readonly influence?: (arch: ResolvedArchConfig) => InfluenceMatrix | undefined;
}

interface ThermalModule {
  createThermal?: unknown;
  influence?: unknown;
}

export async function loadThermalProvider(moduleRef?: string): Promise<ThermalProvider> {
  if (moduleRef === undefined) return defaultThermalProvider();
  const url = /^[a-z]+:/.test(moduleRef) ? moduleRef : pathToFileURL(moduleRef).href;
  const mod = (await import(url)) as ThermalModule;
  if (typeof mod.createThermal !== 'function')
    throw new CommandError('USAGE', `thermal module ${moduleRef} does not export createThermal(arch)`);
  return {
    createThermal: mod.createThermal as ThermalProvider['createThermal'],
    ...(typeof mod.influence === 'function'
      ? { influence: mod.influence as NonNullable<ThermalProvider['influence']> }
      : {}),
  };
}

function defaultThermalProvider(): ThermalProvider {
  // the loop reads each snapshot before the next step, so the back end may reuse its arrays
  return {
    createThermal: (arch, ctx) =>
      createArchThermalBackend(arch, {
        reuseSnapshotArrays: true,
        ...(ctx === undefined ? {} : { hotspot: { log: ctx.log } }),
      }),
    influence: (arch) => computeInfluenceMatrix(arch),
  };
}
