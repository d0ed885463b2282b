/**
 * One line for every scenario that is another one's result: derived (its
 * run.json names, in `derived_from`, the run whose closed loop it is: TACS
 * evaluated in shadow on that run chose no action, so the files are that run's)
 * or idle (a TACS scenario simulated on its own whose TACS took no action and
 * whose row equals its twin's). Without these lines a reader sees one line or
 * bar where the legend promises two. A forked scenario (its loop continued from
 * another run's at TACS's first action) gets a line too: its series coincide
 * with that run's up to the fork.
 */
import type { MetricsRow, Scenario } from '@tasmoe/schemas';
import type { ScenarioResults } from './results-bundle.js';

/** The scenario whose placement a TACS scenario runs on (TACS added to it). */
const TACS_TWIN: Partial<Record<Scenario, Scenario>> = { tacs: 'baseline', tas: 'taps' };

export interface ScenarioNote {
  readonly scenario: Scenario;
  /** The scenario it equals. */
  readonly sameAs: Scenario | undefined;
  readonly text: string;
}

/** The scenario of run id `runId`: the folder whose run.json has it, else read from `<workload>-<scenario>-<hash>`. */
function scenarioOfRun(runId: string, all: readonly ScenarioResults[], workload: string): Scenario | undefined {
  const byId = all.find((s) => s.run?.runId === runId);
  if (byId !== undefined) return byId.scenario;
  const prefix = `${workload}-`;
  if (!runId.startsWith(prefix)) return undefined;
  const rest = runId.slice(prefix.length);
  return all.find((s) => rest.startsWith(`${s.scenario}-`))?.scenario;
}

function actions(rows: readonly MetricsRow[]): number | undefined {
  let n = 0;
  for (const r of rows) {
    const m = r.migrations;
    const x = r.reroutes;
    if (typeof m !== 'number' || typeof x !== 'number') return undefined;
    n += m + x;
  }
  return n;
}

function sameRows(a: readonly MetricsRow[], b: readonly MetricsRow[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((r, i) => {
    const o = b[i];
    if (o === undefined) return false;
    const keys = new Set([...Object.keys(r), ...Object.keys(o)]);
    keys.delete('scenario');
    return [...keys].every((k) => r[k] === o[k]);
  });
}

export function scenarioNotes(all: readonly ScenarioResults[], workload: string): ScenarioNote[] {
  const notes: ScenarioNote[] = [];
  for (const s of all) {
    const derivedFrom = s.run?.derivedFrom;
    const tacsScenario = TACS_TWIN[s.scenario] !== undefined;
    if (derivedFrom !== undefined) {
      const base = scenarioOfRun(derivedFrom, all, workload);
      const lead = tacsScenario ? 'TACS took no action: ' : '';
      const what = tacsScenario ? `TACS, evaluated in shadow on every window of that run, chose nothing, so ` : '';
      notes.push({
        scenario: s.scenario,
        sameAs: base,
        text:
          `${lead}${s.scenario} = ${base ?? derivedFrom}. ${s.scenario}/run.json: derived_from ${derivedFrom}; ${what}its rows, series and maps are that run's, ` +
          'and its bars, points and lines coincide with it (told apart by marker shape).',
      });
      continue;
    }
    const forked = s.run?.forkedFrom;
    if (forked !== undefined) {
      const base = scenarioOfRun(forked.runId, all, workload);
      notes.push({
        scenario: s.scenario,
        sameAs: undefined,
        text:
          `${s.scenario} continued from ${base ?? forked.runId}'s closed loop at window ${forked.window}, where TACS (evaluated in shadow there) first acted: ` +
          `its series and maps before that window are ${base ?? 'that run'}'s, so their lines coincide up to it. ${s.scenario}/run.json: forked_from ${forked.runId}.`,
      });
    }
    const twin = TACS_TWIN[s.scenario];
    const twinResults = all.find((o) => o.scenario === twin);
    if (twin === undefined || actions(s.repeats) !== 0) continue;
    const same = twinResults !== undefined && sameRows(s.repeats, twinResults.repeats);
    notes.push({
      scenario: s.scenario,
      sameAs: same ? twin : undefined,
      text: same
        ? `TACS took no action: ${s.scenario} = ${twin}. Simulated on its own with 0 migrations and 0 reroutes, its metrics equal ${twin}'s; its bars, points and lines coincide with them (told apart by marker shape).`
        : `TACS took no action in ${s.scenario}: 0 migrations and 0 reroutes over the run.`,
    });
  }
  return notes;
}
