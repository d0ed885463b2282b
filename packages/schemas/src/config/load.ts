/**
 * parse -> resolve defaults -> validate cross-field rules -> deep-frozen object.
 * Pure: takes text, returns a resolved config or throws InputValidationError
 * with one issue per problem (file, field path, what was expected).
 */
import type { z } from 'zod';
import { InputValidationError, type InputIssue } from '../errors.js';
import { ArchConfigSchema, type ArchConfig } from './arch.js';
import { archProblems, tasParamsProblems, workloadProblems, type FieldProblem } from './cross-field.js';
import { TasParamsSchema, type TasParams } from './tas-params.js';
import { WorkloadConfigSchema, type WorkloadConfig } from './workload.js';
import { parseSourceText, type SourceText } from './source-text.js';

export type ConfigKind = 'arch' | 'workload' | 'tas';

export interface ConfigByKind {
  arch: ArchConfig;
  workload: WorkloadConfig;
  tas: TasParams;
}

/** Deeply readonly; tuples stay tuples. */
export type Resolved<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { readonly [K in keyof T]: Resolved<T[K]> }
    : T;

export type ResolvedArchConfig = Resolved<ArchConfig>;
export type ResolvedWorkloadConfig = Resolved<WorkloadConfig>;
export type ResolvedTasParams = Resolved<TasParams>;

const SCHEMAS = {
  arch: ArchConfigSchema,
  workload: WorkloadConfigSchema,
  tas: TasParamsSchema,
} as const;

const PROBLEMS: { [K in ConfigKind]: (c: ConfigByKind[K]) => FieldProblem[] } = {
  arch: archProblems,
  workload: workloadProblems,
  tas: tasParamsProblems,
};

export function deepFreeze<T>(value: T): Resolved<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value as Resolved<T>;
}

type Locate = Pick<SourceText, 'lineOf' | 'lineOfKey'>;

const withLine = (line: number | undefined) => (line === undefined ? {} : { line });

/** One issue per zod problem, with the line of the field when the text is known. */
export function zodIssues(file: string, error: z.ZodError, at?: Locate): InputIssue[] {
  return error.issues.map((iss) => {
    let message = iss.message;
    const path = iss.path.map(String).join('.');
    let line = at?.lineOf(path);
    if (iss.code === 'unrecognized_keys') {
      message = `unknown key(s) ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      const k = iss.keys[0];
      if (k !== undefined) line = at?.lineOfKey(path, k) ?? line;
    }
    return { file, ...withLine(line), path, message };
  });
}

/** Guess the kind of a parsed config document from its top-level keys. */
export function detectConfigKind(doc: unknown): ConfigKind | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const keys = new Set(Object.keys(doc));
  if (keys.has('mesh') || keys.has('dram')) return 'arch';
  if (keys.has('moe') || keys.has('routing') || keys.has('model')) return 'workload';
  if (keys.has('taps') || keys.has('tacs') || keys.has('eplb')) return 'tas';
  return undefined;
}

/** Parse YAML (or JSON, for a `.json` file) text into a plain value, bounded; syntax errors with line numbers (source-text.ts). */
export function parseYamlText(text: string, file = '<input>'): unknown {
  return parseSourceText(text, file).value;
}

/** Validate an already-parsed document as a config of `kind`; returns the frozen resolved config. */
export function resolveConfig<K extends ConfigKind>(
  kind: K,
  doc: unknown,
  file = '<input>',
  at?: Locate,
): Resolved<ConfigByKind[K]> {
  const schema = SCHEMAS[kind] as unknown as z.ZodType<ConfigByKind[K]>;
  const parsed = schema.safeParse(doc ?? {});
  if (!parsed.success)
    throw new InputValidationError('CONFIG_INVALID', zodIssues(file, parsed.error, at), { cause: parsed.error });
  const problems = PROBLEMS[kind](parsed.data);
  if (problems.length > 0) {
    throw new InputValidationError(
      'CONFIG_INVALID',
      problems.map((p) => ({ file, ...withLine(at?.lineOf(p.path)), ...p })),
    );
  }
  return deepFreeze(parsed.data);
}

/** Parse config text of a known kind (YAML or JSON). */
export function parseConfigText<K extends ConfigKind>(
  kind: K,
  text: string,
  file = '<input>',
): Resolved<ConfigByKind[K]> {
  const src = parseSourceText(text, file);
  return resolveConfig(kind, src.value, file, src);
}

export type AnyResolvedConfig =
  | { kind: 'arch'; config: ResolvedArchConfig }
  | { kind: 'workload'; config: ResolvedWorkloadConfig }
  | { kind: 'tas'; config: ResolvedTasParams };

/** Parse config text whose kind is detected from its top-level keys. */
export function parseAnyConfigText(text: string, file = '<input>'): AnyResolvedConfig {
  const src = parseSourceText(text, file);
  const doc = src.value;
  const kind = detectConfigKind(doc);
  if (kind === undefined) {
    throw new InputValidationError('CONFIG_KIND_UNKNOWN', [
      {
        file,
        path: '',
        message:
          'cannot tell the kind of config: expected top-level keys of an arch (mesh, dram), workload (model, moe, routing) or tas params (taps, tacs) file',
      },
    ]);
  }
  switch (kind) {
    case 'arch':
      return { kind, config: resolveConfig('arch', doc, file, src) };
    case 'workload':
      return { kind, config: resolveConfig('workload', doc, file, src) };
    case 'tas':
      return { kind, config: resolveConfig('tas', doc, file, src) };
  }
}
