/**
 * `tasmoe thermal ...`: HotSpot-compatible thermal run (raw HotSpot arguments
 * passed through). Relative paths resolve against `cwd` (the caller passes
 * process.env.INIT_CWD ?? process.cwd()). Returns the exit code.
 */
import { runHotspotCommand } from '@tasmoe/comet-adapter';

export function thermalCommand(argv: readonly string[], cwd: string): Promise<number> {
  return Promise.resolve(runHotspotCommand(argv, { cwd, stdout: process.stdout, stderr: process.stderr }));
}
