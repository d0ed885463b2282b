/**
 * What a policy module (`--policy FILE`) must export, checked when it loads:
 * policies (objects with `kind` "placement", "online" or "scenario") as named
 * exports and/or the default export (one policy or an array of them); other
 * exports (helpers, constants) are ignored. Every problem is one line naming
 * the file and the export.
 */
import { TasmoeError } from '../errors.js';
import { SCENARIO_NAME_PATTERN, SCENARIO_NAME_MAX } from '../records/metrics-row.js';
import type { OnlinePolicy } from './online-policy.js';
import type { PlacementPolicy } from './placement-policy.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export type Policy = PlacementPolicy | OnlinePolicy | ScenarioDefinition;

export type PolicyErrorCode = 'POLICY_MODULE_INVALID' | 'POLICY_UNKNOWN' | 'POLICY_FAILED';

/** A policy module or policy that does not meet the interface; a user's input, exit 2. */
export class PolicyError extends TasmoeError<PolicyErrorCode> {
  constructor(code: PolicyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, 'input', message, options);
    this.name = 'PolicyError';
  }
}

const KINDS = ['placement', 'online', 'scenario'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function looksLikePolicy(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && 'kind' in v;
}

/** Why `v` (export `where` of `file`) is not a policy, or undefined when it is one. */
function policyProblem(v: Record<string, unknown>): string | undefined {
  const kind = v.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind))
    return `kind must be one of ${KINDS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(kind)}`;
  const name = v.name;
  if (typeof name !== 'string') return `${kind} policy without a string name`;
  if (name.length > SCENARIO_NAME_MAX || !SCENARIO_NAME_PATTERN.test(name)) {
    return `name ${JSON.stringify(name)} is not a scenario name (lower-case words joined by single hyphens, starting with a letter, at most ${SCENARIO_NAME_MAX} characters)`;
  }
  if (v.description !== undefined && typeof v.description !== 'string') return `${name}: description must be a string`;
  if (kind === 'placement' && typeof v.place !== 'function')
    return `placement policy ${name}: place(context) must be a function`;
  if (kind === 'online' && typeof v.start !== 'function')
    return `online policy ${name}: start(context) must be a function returning { decide(window) }`;
  if (kind === 'scenario') {
    if (typeof v.placement !== 'string') return `scenario ${name}: placement must name a placement policy`;
    if (v.online !== undefined && typeof v.online !== 'string')
      return `scenario ${name}: online must name an online policy`;
  }
  return undefined;
}

/** The policies a loaded module exports, validated; throws PolicyError (one line) otherwise. */
export function policiesOfModule(exports: Record<string, unknown>, file: string): Policy[] {
  const found: { where: string; value: Record<string, unknown> }[] = [];
  for (const [key, value] of Object.entries(exports)) {
    if (key === 'default' && Array.isArray(value)) {
      value.forEach((v, i) => {
        if (!looksLikePolicy(v))
          throw new PolicyError(
            'POLICY_MODULE_INVALID',
            `${file}: default export [${i}] is not a policy (an object with kind "placement", "online" or "scenario")`,
          );
        found.push({ where: `default export [${i}]`, value: v });
      });
    } else if (looksLikePolicy(value))
      found.push({ where: key === 'default' ? 'default export' : `export ${key}`, value });
    else if (key === 'default')
      throw new PolicyError(
        'POLICY_MODULE_INVALID',
        `${file}: the default export is not a policy or an array of policies`,
      );
  }
  if (found.length === 0)
    throw new PolicyError(
      'POLICY_MODULE_INVALID',
      `${file}: exports no policy (an object with kind "placement", "online" or "scenario")`,
    );
  const seen = new Set<unknown>();
  const out: Policy[] = [];
  for (const { where, value } of found) {
    if (seen.has(value)) continue; // the same object as a named and the default export
    seen.add(value);
    const problem = policyProblem(value);
    if (problem !== undefined) throw new PolicyError('POLICY_MODULE_INVALID', `${file}: ${where}: ${problem}`);
    out.push(value as unknown as Policy);
  }
  return out;
}
