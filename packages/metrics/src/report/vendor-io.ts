/**
 * The browser bundles of vega, vega-lite and vega-embed, read from
 * node_modules at report time and inlined in report.html (no network when the
 * page is viewed). Their `exports` hide the build folder, so the package root
 * is found from the resolved entry point.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MetricsError } from '../errors.js';

export interface VendorScript {
  readonly name: string;
  readonly version: string;
  readonly text: string;
}

const BUNDLES = [
  { name: 'vega', file: 'build/vega.min.js' },
  { name: 'vega-lite', file: 'build/vega-lite.min.js' },
  { name: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (err) {
    throw new MetricsError(
      'REPORT_ASSET_NOT_FOUND',
      `cannot find the "${name}" package (is @tasmoe/metrics installed with its dependencies?)`,
      { cause: err },
    );
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      const json: unknown = JSON.parse(readFileSync(pj, 'utf8'));
      if (typeof json === 'object' && json !== null && 'name' in json && json.name === name) return dir;
    }
  }
  throw new MetricsError('REPORT_ASSET_NOT_FOUND', `cannot find the package folder of "${name}" above ${entry}`);
}

let cache: readonly VendorScript[] | undefined;

/** vega, vega-lite, vega-embed minified bundles, in load order. */
export function readVendorScripts(): readonly VendorScript[] {
  if (cache !== undefined) return cache;
  cache = BUNDLES.map(({ name, file }) => {
    const root = packageRoot(name);
    const pj: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const version =
      typeof pj === 'object' && pj !== null && 'version' in pj && typeof pj.version === 'string' ? pj.version : '?';
    try {
      return { name, version, text: readFileSync(path.join(root, file), 'utf8') };
    } catch (err) {
      throw new MetricsError('REPORT_ASSET_NOT_FOUND', `${name}@${version}: no browser bundle at ${file}`, {
        cause: err,
      });
    }
  });
  return cache;
}
