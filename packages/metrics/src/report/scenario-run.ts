/**
 * `<scenario>/run.json`, the part the report reads: the run's id and, for a
 * scenario whose closed loop is another run's (TACS evaluated in shadow chose
 * no action), the id of that run in `derived_from`; for one that continued from
 * another run's loop state at TACS's first action, that run's id and the window
 * (`forked_from`, `forked_at_window`). Optional and read loosely:
 * older runs and run-single folders may lack it or its fields.
 */
import { z } from 'zod';
import { MetricsError } from '../errors.js';

export interface ScenarioRun {
  readonly runId: string | undefined;
  readonly derivedFrom: string | undefined;
  readonly forkedFrom?: { readonly runId: string; readonly window: number };
}

const ScenarioRunSchema = z.looseObject({
  run_id: z.string().min(1).optional(),
  derived_from: z.string().min(1).optional(),
  forked_from: z.string().min(1).optional(),
  forked_at_window: z.number().int().nonnegative().optional(),
});

export function parseScenarioRun(text: string, file: string): ScenarioRun {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: not valid JSON (${(err as Error).message})`, {
      file,
      cause: err,
    });
  }
  const r = ScenarioRunSchema.safeParse(json);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`).join('; ');
    throw new MetricsError('RESULTS_FILE_INVALID', `${file}: ${what}`, { file, cause: r.error });
  }
  const { run_id, derived_from, forked_from, forked_at_window } = r.data;
  return {
    runId: run_id,
    derivedFrom: derived_from,
    ...(forked_from !== undefined && forked_at_window !== undefined
      ? { forkedFrom: { runId: forked_from, window: forked_at_window } }
      : {}),
  };
}
