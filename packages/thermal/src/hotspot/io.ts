/** File helpers for the HotSpot formats (the only fs users besides the command). */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ThermalError } from '../errors.js';

export function resolvePath(cwd: string, p: string): string {
  return isAbsolute(p) ? p : resolve(cwd, p);
}

/** Reads a text file; `.gz` files are gunzipped. */
export function readTextFile(path: string): string {
  try {
    const buf = readFileSync(path);
    return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  } catch (err) {
    throw new ThermalError('THERMAL_IO', `cannot read ${path}: ${(err as Error).message}`, {
      cause: err,
      file: path,
      category: 'input',
    });
  }
}

export function writeTextFile(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    throw new ThermalError('THERMAL_IO', `cannot write ${path}: ${(err as Error).message}`, { cause: err, file: path });
  }
}

export function appendTextFile(path: string, text: string | Uint8Array): void {
  try {
    appendFileSync(path, text);
  } catch (err) {
    throw new ThermalError('THERMAL_IO', `cannot append to ${path}: ${(err as Error).message}`, {
      cause: err,
      file: path,
    });
  }
}
