import { createHash } from 'node:crypto';

/** The runner's canonical JSON (sorted keys), so a point hashes like the run it describes. */
export { canonicalJson } from '@tasmoe/cli';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
