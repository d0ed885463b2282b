/** The CLI's warnings from run.json's `start_check` (start-check.ts). */
import { startWarning } from '../loop/start-check.js';
import type { ScenarioManifest } from './scenario-files.js';

/**
 * One line per scenario whose start check warns, with how many of its repeats do (a derived twin
 * shares its base's check, and says so once under its own name).
 */
export function startWarnings(manifests: readonly ScenarioManifest[]): string[] {
  const byScenario = new Map<string, { first: string; count: number; of: number }>();
  for (const m of manifests) {
    const entry = byScenario.get(m.scenario) ?? { first: '', count: 0, of: 0 };
    entry.of++;
    const line = m.start_check === undefined ? undefined : startWarning(m.scenario, m.start_check);
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
