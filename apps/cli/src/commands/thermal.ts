/**
 * `tasmoe thermal ...`: HotSpot-compatible thermal run (raw HotSpot arguments
 * passed through). Relative paths resolve against `cwd` (the caller passes
 * process.env.INIT_CWD ?? process.cwd()). `--help` / `-h` (or no argument)
 * prints the options it understands. Returns the exit code.
 */

const HELP = new Set(['--help', '-h', '-help']);

export async function thermalCommand(
  argv: readonly string[],
  cwd: string,
  out: (text: string) => void = (t) => void process.stdout.write(t),
): Promise<number> {
  const { runHotspotCommand, HOTSPOT_OPTIONS } = await import('@tasmoe/thermal');
  if (argv.length === 0 || argv.some((a) => HELP.has(a))) {
    const names = Object.keys(HOTSPOT_OPTIONS);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    const lines = [
      'Usage: tasmoe thermal -c <config> -p <power trace> [-grid_layer_file <lcf> | -f <flp>] [-o <trace>] [-steady_file <file>] [-name value ...]',
      '',
      "HotSpot 7.0-compatible thermal solver (grid model): takes HotSpot's own command line and writes its output files.",
      'Options (HotSpot defaults in brackets; options outside this list are refused by name):',
      ...names.map((n) => {
        const o = HOTSPOT_OPTIONS[n] as { doc: string; def?: string };
        return `  -${n.padEnd(width)}${o.doc}${o.def === undefined ? '' : ` [${o.def}]`}`;
      }),
    ];
    out(`${lines.join('\n')}\n`);
    return argv.length === 0 ? 64 : 0;
  }
  return runHotspotCommand(argv, { cwd, stdout: process.stdout, stderr: process.stderr });
}
