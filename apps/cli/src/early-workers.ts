/**
 * How many scenario workers `tasmoe run-all` starts before its modules load
 * (scenario-workers.ts in @tasmoe/experiment): the lanes the default run uses
 * (two: a base run and its TACS twin's per lane, on two cores), fewer with
 * --parallel, none for any other command. A guess from the raw arguments; a
 * run that needs more workers starts them as before, and unused ones end
 * with the run.
 */
import { availableParallelism } from 'node:os';

export function earlyWorkerCount(args: readonly string[], cores = availableParallelism()): number {
  if (args[0] !== 'run-all' || args.includes('--help') || args.includes('-h')) return 0;
  let parallel: number | undefined;
  args.forEach((a, i) => {
    const v =
      a === '--parallel' ? args[i + 1] : a.startsWith('--parallel=') ? a.slice('--parallel='.length) : undefined;
    if (v !== undefined) parallel = Number(v);
  });
  const lanes = Math.min(2, cores, parallel ?? cores);
  // one lane runs in-process: no worker
  return Number.isInteger(lanes) && lanes > 1 ? lanes : 0;
}
