import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURE_WORKLOAD as W, makeTacsDerived } from '../__fixtures__/results-variants.js';
import { readResults } from './results-io.js';
import { scenarioNotes } from './scenario-notes.js';

const dirs: string[] = [];
function fixtureCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-notes-'));
  dirs.push(dir);
  copyFixture(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const notesOf = (dir: string) => scenarioNotes(readResults(dir).scenarios, W);

describe('summary lines for derived and idle scenarios', () => {
  it('the fixture (TACS acts in tacs and tas) has none', () => {
    expect(notesOf(fixtureCopy())).toEqual([]);
  });

  it('a scenario derived_from another run: "TACS took no action: tacs = baseline"', () => {
    const dir = fixtureCopy();
    makeTacsDerived(dir);
    const notes = notesOf(dir);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.scenario).toBe('tacs');
    expect(notes[0]?.sameAs).toBe('baseline');
    expect(notes[0]?.text).toMatch(
      /^TACS took no action: tacs = baseline\. tacs\/run\.json: derived_from mixtral-small-baseline-fixture;/,
    );
  });

  it("a scenario forked from another run at TACS's first action: a line saying where its series coincide", () => {
    const dir = fixtureCopy();
    const file = path.join(dir, 'tas', 'run.json');
    const taps = JSON.parse(readFileSync(path.join(dir, 'taps', 'run.json'), 'utf8')) as { run_id: string };
    const run = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...run, forked_from: taps.run_id, forked_at_window: 120 }));
    const notes = notesOf(dir);
    expect(notes.map((n) => [n.scenario, n.sameAs])).toEqual([['tas', undefined]]);
    expect(notes[0]?.text).toMatch(/^tas continued from taps's closed loop at window 120, where TACS/);
  });

  it('without the base run.json, the base scenario is read from the run id <workload>-<scenario>-<hash>', () => {
    const dir = fixtureCopy();
    makeTacsDerived(dir);
    rmSync(path.join(dir, 'baseline', 'run.json'));
    expect(notesOf(dir)[0]?.sameAs).toBe('baseline');
  });

  it("simulated on its own with no action and the twin's numbers: the same line", () => {
    const dir = fixtureCopy();
    makeTacsDerived(dir);
    const run = JSON.parse(readFileSync(path.join(dir, 'tacs', 'run.json'), 'utf8')) as Record<string, unknown>;
    delete run.derived_from;
    writeFileSync(path.join(dir, 'tacs', 'run.json'), JSON.stringify(run));
    const notes = notesOf(dir);
    expect(notes.map((n) => [n.scenario, n.sameAs])).toEqual([['tacs', 'baseline']]);
    expect(notes[0]?.text).toMatch(
      /^TACS took no action: tacs = baseline\. Simulated on its own with 0 migrations and 0 reroutes/,
    );
  });

  it('no action but other numbers: says so without claiming equality', () => {
    const dir = fixtureCopy();
    const file = path.join(dir, 'tas', `${W}.csv`);
    const [header = '', row = ''] = readFileSync(file, 'utf8').trim().split('\n');
    const cols = header.split(',');
    const cells = row.split(',');
    cells[cols.indexOf('migrations')] = '0';
    cells[cols.indexOf('reroutes')] = '0';
    writeFileSync(file, `${header}\n${cells.join(',')}\n`);
    const notes = notesOf(dir);
    expect(notes.map((n) => [n.scenario, n.sameAs])).toEqual([['tas', undefined]]);
    expect(notes[0]?.text).toBe('TACS took no action in tas: 0 migrations and 0 reroutes over the run.');
  });
});
