import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { loadResults, type ResultsSource } from './results-bundle.js';
import { readResults } from './results-io.js';

const FIXTURE = path.join(import.meta.dirname, '..', '__fixtures__', 'results-small');
const W = 'mixtral-small';

/** The fixture folder in memory, with some files replaced (string) or removed (undefined). */
function memorySource(changes: Record<string, string | undefined> = {}): ResultsSource {
  return {
    read(rel) {
      if (rel in changes) return changes[rel];
      try {
        return readFileSync(path.join(FIXTURE, rel), 'utf8');
      } catch {
        return undefined;
      }
    },
    list(rel) {
      if (rel === '')
        return ['run-all.json', 'baseline', 'taps', 'tacs', 'tas'].filter(
          (n) => !(n in changes) || changes[n] !== undefined,
        );
      return [`${W}.csv`, `${W}.windows.csv`, `${W}.frames.csv`, 'placement.json'];
    },
  };
}

function fixtureText(rel: string): string {
  return readFileSync(path.join(FIXTURE, rel), 'utf8');
}

function errorOf(f: () => unknown): MetricsError {
  try {
    f();
  } catch (err) {
    if (err instanceof MetricsError) return err;
    throw err;
  }
  throw new Error('expected a MetricsError');
}

describe('loadResults on the fixture folder', () => {
  it('parses a series once when two scenarios wrote the same bytes (a shared loop), and apart otherwise', () => {
    const same = loadResults(
      memorySource({
        [`tacs/${W}.windows.csv`]: fixtureText(`baseline/${W}.windows.csv`),
        [`tacs/${W}.frames.csv`]: fixtureText(`baseline/${W}.frames.csv`),
      }),
    );
    const [base, taps, tacs] = same.scenarios;
    expect(tacs?.windows).toBe(base?.windows);
    expect(tacs?.frames).toBe(base?.frames);
    expect(taps?.windows).not.toBe(base?.windows);
  });

  it('reads the four scenarios in canonical order with their series, frames and placement', () => {
    const b = loadResults(memorySource());
    expect(b.manifest.workload).toBe(W);
    expect(b.manifest.mesh).toEqual({ cols: 8, rows: 8 });
    expect(b.manifest.details.tripC).toEqual([80, 85, 90]);
    expect(b.manifest.details.moe).toEqual({ layers: 4, experts_per_layer: 8, shared_experts: 0 });
    expect(b.scenarios.map((s) => s.scenario)).toEqual(['baseline', 'taps', 'tacs', 'tas']);
    const base = b.scenarios[0];
    expect(base?.metrics.T_peak_logic).toBeCloseTo(Math.max(...(base?.windows.columns.T_peak_logic ?? [])), 3);
    expect(base?.frames.layers).toEqual(['logic', ...Array.from({ length: 8 }, (_, d) => `dram${d}`)]);
    expect(base?.frames.frames[0]?.cells).toHaveLength(64);
    expect(Object.keys(base?.placement?.experts ?? {})).toHaveLength(32);
    // the fixture ran on the 16x16 grid without the sub-cell correction: the DRAM caveat, nothing else
    expect(b.notes).toHaveLength(1);
    expect(b.notes[0]).toMatch(/^DRAM temperatures are 16x16 grid-cell means/);
  });

  it('reads run.json (run id, derived_from) and one row per repeat; an empty cell is no value', () => {
    const text = fixtureText(`taps/${W}.csv`);
    const [header = '', row = ''] = text.trim().split('\n');
    const cols = header.split(',');
    const emptied = row
      .split(',')
      .map((c, i) => (cols[i] === 't_first_hot_ms' ? '' : c))
      .join(',');
    const b = loadResults(memorySource({ [`taps/${W}.csv`]: `${header}\n${row}\n${emptied}\n` }));
    const taps = b.scenarios.find((s) => s.scenario === 'taps');
    expect(taps?.run).toEqual({ runId: 'mixtral-small-taps-fixture', derivedFrom: undefined });
    expect(taps?.repeats).toHaveLength(2);
    expect(taps?.repeats[1]).not.toHaveProperty('t_first_hot_ms');
    expect(taps?.metrics.t_first_hot_ms).toBe(taps?.repeats[0]?.t_first_hot_ms); // the mean of the values there are
    expect(
      loadResults(memorySource({ 'tas/run.json': undefined })).scenarios.find((s) => s.scenario === 'tas')?.run,
    ).toBeUndefined();
  });

  it('without run-all.json discovers scenarios, workload and mesh and says so', () => {
    const b = loadResults(memorySource({ 'run-all.json': undefined }));
    expect(b.manifest.source).toBe('discovered');
    expect(b.manifest.workload).toBe(W);
    expect(b.manifest.mesh).toEqual({ cols: 8, rows: 8 });
    expect(b.scenarios).toHaveLength(4);
    expect(b.notes[0]).toMatch(/No run-all\.json/);
  });

  it('a missing placement.json is a note, not an error', () => {
    const b = loadResults(memorySource({ 'tacs/placement.json': undefined }));
    expect(b.scenarios.find((s) => s.scenario === 'tacs')?.placement).toBeUndefined();
    expect(b.notes.filter((n) => !n.startsWith('DRAM temperatures'))).toEqual([
      'tacs/placement.json is missing: no placement figure for tacs.',
    ]);
  });
});

describe('missing or malformed results files name the file', () => {
  const cases: [string, Record<string, string | undefined>, string, RegExp][] = [
    [
      'missing metrics CSV',
      { [`taps/${W}.csv`]: undefined },
      'RESULTS_FILE_MISSING',
      /^taps\/mixtral-small\.csv: missing/,
    ],
    [
      'missing window series',
      { [`tas/${W}.windows.csv`]: undefined },
      'RESULTS_FILE_MISSING',
      /^tas\/mixtral-small\.windows\.csv: missing/,
    ],
    [
      'missing frames',
      { [`baseline/${W}.frames.csv`]: undefined },
      'RESULTS_FILE_MISSING',
      /^baseline\/mixtral-small\.frames\.csv: missing/,
    ],
    ['empty metrics CSV', { [`taps/${W}.csv`]: '' }, 'RESULTS_FILE_INVALID', /^taps\/mixtral-small\.csv: empty file/],
    ['header only', { [`taps/${W}.csv`]: 'scenario,workload\n' }, 'RESULTS_FILE_INVALID', /0 data row/],
    [
      'seed column missing',
      { [`taps/${W}.csv`]: 'scenario,workload,T_peak_logic\ntaps,mixtral-small,80\n' },
      'RESULTS_FILE_INVALID',
      /^taps\/mixtral-small\.csv: missing column\(s\) "T_peak_dram", "T_avg"/,
    ],
    [
      'non-numeric cell',
      { [`tacs/${W}.csv`]: fixtureText(`tacs/${W}.csv`).replace(/^(tacs,mixtral-small,)[^,]+/m, '$1hot') },
      'RESULTS_FILE_INVALID',
      /^tacs\/mixtral-small\.csv: line 2, column "T_peak_logic": expected a finite number, got "hot"/,
    ],
    [
      'row of another scenario',
      { [`tacs/${W}.csv`]: fixtureText(`tacs/${W}.csv`).replace(/^tacs,/m, 'tas,') },
      'RESULTS_FILE_INVALID',
      /for scenario "tas".*folder says "tacs"/,
    ],
    [
      'ragged window row',
      { [`baseline/${W}.windows.csv`]: `${fixtureText(`baseline/${W}.windows.csv`).trimEnd()}\n1,2,3\n` },
      'RESULTS_FILE_INVALID',
      /^baseline\/mixtral-small\.windows\.csv: not a valid CSV file/,
    ],
    [
      'windows out of order',
      { [`baseline/${W}.windows.csv`]: fixtureText(`baseline/${W}.windows.csv`).replace(/\n3,9,12,/, '\n3,1,2,') },
      'RESULTS_FILE_INVALID',
      /line 5: window \[1, 2\] ms is empty or out of time order/,
    ],
    [
      'bad frame layer',
      { [`taps/${W}.frames.csv`]: fixtureText(`taps/${W}.frames.csv`).replace(',dram3,', ',dram-3,') },
      'RESULTS_FILE_INVALID',
      /^taps\/mixtral-small\.frames\.csv: line \d+, column "layer": expected "logic" or "dram<d>", got "dram-3"/,
    ],
    [
      'a repeat of another scenario (line 3)',
      {
        [`tacs/${W}.csv`]: `${fixtureText(`tacs/${W}.csv`).trimEnd()}\n${fixtureText(`tacs/${W}.csv`)
          .trim()
          .split('\n')[1]
          ?.replace(/^tacs,/, 'tas,')}\n`,
      },
      'RESULTS_FILE_INVALID',
      /^tacs\/mixtral-small\.csv: line 3: row is for scenario "tas"/,
    ],
    ['broken run.json', { 'taps/run.json': '{"run_id": ' }, 'RESULTS_FILE_INVALID', /^taps\/run\.json: not valid JSON/],
    [
      'run.json derived_from not a run id',
      { 'taps/run.json': JSON.stringify({ derived_from: 3 }) },
      'RESULTS_FILE_INVALID',
      /^taps\/run\.json: derived_from: /,
    ],
    [
      'broken run-all.json',
      { 'run-all.json': '{"workload": ' },
      'RESULTS_FILE_INVALID',
      /^run-all\.json: not valid JSON/,
    ],
    [
      'run-all.json without mesh',
      { 'run-all.json': JSON.stringify({ workload: W, scenarios: ['baseline'], dram_layers: 8, window_ms: 3 }) },
      'RESULTS_FILE_INVALID',
      /^run-all\.json: mesh: /,
    ],
    [
      'placement on a core off the mesh',
      { 'tas/placement.json': JSON.stringify({ experts: { E0: { cores: [64], policy: 'single' } }, tensors: {} }) },
      'RESULTS_FILE_INVALID',
      /tas\/placement\.json: experts\.E0: core 64 is outside/,
    ],
  ];
  for (const [what, changes, code, message] of cases) {
    it(what, () => {
      const err = errorOf(() => loadResults(memorySource(changes)));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.file).toBe(err.message.split(':')[0]);
    });
  }

  it('no run-all.json and no scenario folder', () => {
    const src: ResultsSource = { read: () => undefined, list: () => ['notes.txt'] };
    expect(errorOf(() => loadResults(src)).code).toBe('RESULTS_EMPTY_INVALID');
  });

  it('readResults names the file with the results folder in front', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tasmoe-results-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      rmSync(path.join(dir, 'tacs', `${W}.windows.csv`));
      const err = errorOf(() => readResults(dir));
      expect(err.code).toBe('RESULTS_FILE_MISSING');
      expect(err.message.startsWith(path.join(dir, 'tacs', `${W}.windows.csv`))).toBe(true);
      writeFileSync(path.join(dir, 'x'), '');
      expect(errorOf(() => readResults(path.join(dir, 'nope'))).code).toBe('RESULTS_FILE_MISSING');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('files checked against their run.json', () => {
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const windows = `baseline/${W}.windows.csv`;
  const recorded = (text: string) =>
    JSON.stringify({
      status: 'complete',
      files: { [`${W}.windows.csv`]: { bytes: Buffer.byteLength(text), sha256: sha(text) } },
    });

  it('a file matching its recorded size and sha256 is read; a truncated or changed one is refused naming it', () => {
    const good = fixtureText(windows);
    expect(() => loadResults(memorySource({ 'baseline/run.json': recorded(good) }))).not.toThrow();
    const cut = good.slice(0, good.length - 10);
    expect(() => loadResults(memorySource({ 'baseline/run.json': recorded(good), [windows]: cut }))).toThrow(
      `${windows}: ${Buffer.byteLength(cut)} bytes, run.json records ${Buffer.byteLength(good)}`,
    );
    const i = good.search(/[0-9][^0-9]*$/);
    const changed = `${good.slice(0, i)}${good[i] === '0' ? '1' : '0'}${good.slice(i + 1)}`;
    expect(changed).toHaveLength(good.length);
    expect(() => loadResults(memorySource({ 'baseline/run.json': recorded(good), [windows]: changed }))).toThrow(
      /its sha256 differs from the one run\.json records; it is not the file this scenario's run wrote/,
    );
    expect(() => loadResults(memorySource({ 'baseline/run.json': recorded(good), [windows]: undefined }))).toThrow(
      MetricsError,
    );
  });
});
