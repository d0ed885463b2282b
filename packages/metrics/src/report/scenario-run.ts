/**
 * `<scenario>/run.json`, the part the report reads: the run's id and, for a
 * scenario whose closed loop is another run's (TACS evaluated in shadow chose
 * no action), the id of that run in `derived_from`. Optional and read loosely:
 * older runs and run-single folders may lack it or its fields.
 */
import { z } from 'zod';
import { MetricsError } from '../errors.js';

export interface ScenarioRun {
  readonly runId: string | undefined;
  readonly derivedFrom: string | undefined;
}

const ScenarioRunSchema = z.looseObject({
  run_id: z.string().min(1).optional(),
  derived_from: z.string().min(1).optional(),
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
  return { runId: r.data.run_id, derivedFrom: r.data.derived_from };
}
