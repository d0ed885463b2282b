/** run.json's `start_check` (snake case, C) to and from the loop's StartCheck, and the CLI's warnings. */
import { type StartCheck, startWarning } from '../loop/start-check.js';
import type { ScenarioManifest } from './scenario-files.js';

export type StartCheckRecord = NonNullable<ScenarioManifest['start_check']>;

export function startCheckRecord(c: StartCheck): StartCheckRecord {
  return {
    start_core_c: c.startCoreC,
    start_bank_c: c.startBankC,
    end_core_c: c.endCoreC,
    end_bank_c: c.endBankC,
    pass_steady_core_c: c.passSteadyCoreC,
    pass_steady_bank_c: c.passSteadyBankC,
    pass_complete: c.passComplete,
  };
}

function startCheckOf(r: StartCheckRecord): StartCheck {
  return {
    startCoreC: r.start_core_c,
    startBankC: r.start_bank_c,
    endCoreC: r.end_core_c,
    endBankC: r.end_bank_c,
    passSteadyCoreC: r.pass_steady_core_c,
    passSteadyBankC: r.pass_steady_bank_c,
    passComplete: r.pass_complete,
  };
}

/**
 * One line per scenario whose start check warns, with how many of its repeats do (a derived twin
 * shares its base's check, and says so once under its own name).
 */
export function startWarnings(manifests: readonly ScenarioManifest[]): string[] {
  const byScenario = new Map<string, { first: string; count: number; of: number }>();
  for (const m of manifests) {
    const entry = byScenario.get(m.scenario) ?? { first: '', count: 0, of: 0 };
    entry.of++;
    const line = m.start_check === undefined ? undefined : startWarning(m.scenario, startCheckOf(m.start_check));
    if (line !== undefined) {
      if (entry.count === 0) entry.first = line;
      entry.count++;
    }
    byScenario.set(m.scenario, entry);
  }
  return [...byScenario.values()]
    .filter((e) => e.count > 0)
    .map((e) => (e.of > 1 ? `${e.first} [${e.count} of ${e.of} repeats; the first shown]` : e.first));
}
