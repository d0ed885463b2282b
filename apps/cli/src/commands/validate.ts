/**
 * `tasmoe validate [--arch A] [--workload W] FILE...`: each file's kind detected
 * and validated; with the configs, placements, replica states, overlays and
 * traces are also checked against them. "ok" lines on stdout, one line per
 * problem on stderr (at most 20 per file, then "... and N more"); exit 2 when
 * any file has a problem. With the configs, a model that does not fit the stack
 * (the check run-all makes before it starts) is a problem of the arch file.
 */
import { InputValidationError, checkContext, stackCapacityProblems, type CheckContext } from '@tasmoe/schemas';
import { CommandError, resolveUserPath, type Io } from '@tasmoe/experiment';
import { createIssueSink } from '../issue-sink.js';
import { readConfig } from '../read-config.js';
import { validateFile, type Against } from '../validate-file.js';

export interface ValidateOptions {
  readonly arch?: string;
  readonly workload?: string;
}

function against(opts: ValidateOptions): (Against & { readonly capacity: readonly string[] }) | undefined {
  if (opts.arch === undefined && opts.workload === undefined) return undefined;
  if (opts.arch === undefined || opts.workload === undefined)
    throw new CommandError('USAGE', 'validate: --arch and --workload go together (records are checked against both)');
  const arch = readConfig('arch', opts.arch);
  const workload = readConfig('workload', opts.workload);
  const ctx: CheckContext = checkContext(arch, workload);
  const capacity = stackCapacityProblems(arch.dram, workload).map((p) => `${opts.arch}: ${p.path}: ${p.message}`);
  return { ctx, label: `checked against ${opts.arch} and ${opts.workload}`, capacity };
}

export async function validateCommand(files: readonly string[], io: Io, opts: ValidateOptions = {}): Promise<number> {
  const ref = against(opts);
  let failed = 0;
  for (const line of ref?.capacity ?? []) io.err(line);
  if (ref !== undefined && ref.capacity.length > 0) failed++;
  for (const f of files) {
    const sink = createIssueSink();
    let r: Awaited<ReturnType<typeof validateFile>>;
    try {
      r = await validateFile(resolveUserPath(f), f, sink, ref);
    } catch (err) {
      if (err instanceof CommandError && err.code === 'INPUT_FILE')
        sink.add({ file: f, path: '', message: err.message.slice(f.length + 2) });
      else if (err instanceof InputValidationError) for (const i of err.issues) sink.add(i);
      else throw err;
    }
    if (r !== undefined && sink.count === 0) {
      io.out(
        `${f}: ok (${r.kind}${r.records === undefined ? '' : `, ${r.records} records`}${ref === undefined || r.kind.endsWith('config') || r.kind === 'trace_meta' || r.kind === 'run-all.json' ? '' : `; ${ref.label}`})`,
      );
      continue;
    }
    for (const line of sink.lines(f)) io.err(line);
    failed++;
  }
  return failed === 0 ? 0 : 2;
}
