/**
 * `--policy FILE`: ES modules (JS, or TS under the tsx loader the CLI and its
 * worker threads run with) imported by absolute path, their exports checked
 * against the policy interface, registered by name. A module that fails to
 * import or to validate is one line naming the file (exit 2).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PolicyError, policiesOfModule, type Policy } from '@tasmoe/schemas';
import { createPolicyRegistry, type PolicyRegistry } from './policy-registry.js';

export interface PolicyModuleRef {
  /** Absolute path. */
  readonly file: string;
  /** sha256 of its text: a changed policy file is another configuration (no resume across it). */
  readonly sha256: string;
}

/** Reads each file's hash (refusing a missing one); the files are imported by loadPolicyRegistry. */
export function policyModuleRefs(files: readonly string[]): PolicyModuleRef[] {
  return files.map((f) => {
    const file = path.resolve(f);
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch (err) {
      throw new PolicyError(
        'POLICY_MODULE_INVALID',
        `${file}: cannot read the policy module (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        { cause: err },
      );
    }
    return { file, sha256: createHash('sha256').update(text).digest('hex') };
  });
}

const cache = new Map<string, Promise<PolicyRegistry>>();

/** The registry of the built-in scenarios and these modules' (imported once per thread). */
export function loadPolicyRegistry(refs: readonly PolicyModuleRef[]): Promise<PolicyRegistry> {
  const key = refs.map((r) => `${r.file}@${r.sha256}`).join('\n');
  let p = cache.get(key);
  if (p === undefined) {
    p = importAll(refs);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function importAll(refs: readonly PolicyModuleRef[]): Promise<PolicyRegistry> {
  const modules: { file: string; policies: Policy[] }[] = [];
  for (const { file } of refs) {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new PolicyError('POLICY_MODULE_INVALID', `${file}: cannot import the policy module: ${msg}`, {
        cause: err,
      });
    }
    modules.push({ file, policies: policiesOfModule(exports, file) });
  }
  return createPolicyRegistry(modules);
}
