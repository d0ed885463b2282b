// Our HotSpot-compatible command as an executable (for file-mode tests):
//   node --import <tsx loader> --conditions=@tasmoe/source test/hotspot-shim.mjs <HotSpot arguments>
import { runHotspotCommand } from '../src/hotspot/command.ts';

process.exitCode = runHotspotCommand(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
