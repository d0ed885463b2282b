/**
 * A scenario is a placement policy, optionally with an online policy, both
 * named. The built-in ones (builtin-scenarios.ts) and a policy module's are
 * the same kind of entry: a module's placement policy P is the scenario P on
 * its own, its online policy O is the scenario O on the default placement, and
 * a `kind: 'scenario'` export combines any two policies by name.
 */
export interface ScenarioDefinition {
  readonly kind: 'scenario';
  readonly name: string;
  /** Name of a placement policy. */
  readonly placement: string;
  /** Name of an online policy; absent: none (the placement alone). */
  readonly online?: string;
  readonly description?: string;
}
