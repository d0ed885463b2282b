/**
 * `tasmoe thermal ...`: HotSpot-compatible thermal run (raw HotSpot arguments
 * passed through). Relative paths resolve against `cwd` (the caller passes
 * process.env.INIT_CWD ?? process.cwd()). Returns the exit code.
 */

export async function thermalCommand(argv: readonly string[], cwd: string): Promise<number> {
  const { runHotspotCommand } = await import('@tasmoe/thermal');
  return runHotspotCommand(argv, { cwd, stdout: process.stdout, stderr: process.stderr });
}
