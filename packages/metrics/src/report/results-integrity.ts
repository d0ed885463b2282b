/**
 * A scenario's files as its run.json describes them: when run.json lists the
 * result files with their size and sha256 (the runner writes them), a file
 * that is missing, truncated or changed since is refused, so a report is never
 * drawn from a half-written or foreign file. run.json without that list (older
 * runs, hand-made folders) is not checked.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '@tasmoe/schemas';
import { MetricsError } from '../errors.js';
import type { ResultsSource } from './results-bundle.js';

interface Recorded {
  readonly bytes: number;
  readonly sha256: string;
}

function recordedFiles(text: string): Record<string, Recorded> | undefined {
  try {
    const m = JSON.parse(text) as { files?: unknown };
    if (m === null || typeof m !== 'object' || m.files === null || typeof m.files !== 'object') return undefined;
    return m.files as Record<string, Recorded>;
  } catch {
    return undefined;
  }
}

/** Hex sha256 of a text's UTF-8 bytes (what run.json records of each file). */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `hash`: the hex sha256 of a text (a cache's, to hash a file once across reads). */
export function checkScenarioFiles(source: ResultsSource, scenario: Scenario, hash = sha256Text): void {
  const manifest = source.read(`${scenario}/run.json`);
  const files = manifest === undefined ? undefined : recordedFiles(manifest);
  if (files === undefined) return;
  for (const [name, want] of Object.entries(files)) {
    const rel = `${scenario}/${name}`;
    const text = source.read(rel);
    const fail = (why: string) =>
      new MetricsError(
        'RESULTS_FILE_INVALID',
        `${rel}: ${why}; it is not the file this scenario's run wrote (run the scenario again)`,
        { file: rel },
      );
    if (text === undefined) throw fail('missing, though run.json lists it');
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes !== want.bytes) throw fail(`${bytes} bytes, run.json records ${want.bytes}`);
    if (hash(text) !== want.sha256) throw fail('its sha256 differs from the one run.json records');
  }
}
