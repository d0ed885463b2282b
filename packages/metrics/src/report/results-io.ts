/** Reads a results folder from disk (the only file reading of the report). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MetricsError } from '../errors.js';
import type { ParseCache } from './parse-cache.js';
import { loadResults, type ResultsBundle, type ResultsSource } from './results-bundle.js';

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

export function folderSource(dir: string): ResultsSource {
  return {
    read(rel) {
      try {
        return readFileSync(path.join(dir, rel), 'utf8');
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw new MetricsError('RESULTS_FILE_INVALID', `${rel}: cannot read (${code ?? (err as Error).message})`, {
          file: rel,
          cause: err,
        });
      }
    },
    list(rel) {
      try {
        return readdirSync(path.join(dir, rel));
      } catch {
        return [];
      }
    },
  };
}

/** Parse the results folder `dir`; errors name the file relative to `dir`. */
export function readResults(dir: string, cache?: ParseCache): ResultsBundle {
  try {
    readdirSync(dir);
  } catch (err) {
    throw new MetricsError(
      'RESULTS_FILE_MISSING',
      `${dir}: not a readable results folder (${errnoCode(err) ?? (err as Error).message})`,
      { file: dir, cause: err },
    );
  }
  try {
    return loadResults(folderSource(dir), cache);
  } catch (err) {
    // Name the file by its full path: the user may have several results folders.
    if (err instanceof MetricsError && err.file !== undefined && err.message.startsWith(`${err.file}:`)) {
      const file = path.join(dir, err.file);
      throw new MetricsError(err.code, `${file}${err.message.slice(err.file.length)}`, { file, cause: err });
    }
    throw err;
  }
}
