import { canonicalJson } from '@tasmoe/experiment';
import { sha256Hex } from './canonical-hash.js';
import { POINT_ID_LENGTH, type PointConfigs } from './point.js';

/** Bumped if the hashed shape changes, so old results are not taken for new ones. */
const POINT_HASH_FORMAT = 1;

/** The content address of a point: sha256 over its resolved configs (not its scenarios: those are resumed per scenario). */
export function pointHash(configs: PointConfigs): { hash: string; id: string } {
  const hash = sha256Hex(
    canonicalJson({ format: POINT_HASH_FORMAT, arch: configs.arch, workload: configs.workload, tas: configs.tas }),
  );
  return { hash, id: hash.slice(0, POINT_ID_LENGTH) };
}
