/**
 * The lumped test double claiming to be forkable while it holds shared memory, which a fork
 * cannot copy: run-all must then run the TACS twin on its own (fork-twin.ts), not fail.
 */
import type { ResolvedArchConfig, ThermalBackend } from '@tasmoe/schemas';
import { lumpedThermal } from './lumped-thermal.js';

export const createThermal = (arch: ResolvedArchConfig): ThermalBackend =>
  Object.assign(lumpedThermal(arch), { scratch: new SharedArrayBuffer(8) });
