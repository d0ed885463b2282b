/**
 * The one way a name from a config (the workload's `model`, a sweep job's
 * workload name) becomes part of a file name: letters, digits, `_`, `-`, `+`
 * and single dots are kept; anything else (path separators, spaces, control
 * characters) becomes `_`, as does every run of two or more dots and a
 * leading dot, so the result is one plain file name inside its folder.
 * Names that are already safe (e.g. "mixtral-8x7b") are returned unchanged.
 */
const MAX_STEM = 120;

export function safeFileStem(name: string): string {
  let s = name.replace(/[^A-Za-z0-9._+-]/g, '_').replace(/\.{2,}/g, '_');
  if (s.startsWith('.')) s = `_${s.slice(1)}`;
  if (s.length > MAX_STEM) s = s.slice(0, MAX_STEM);
  return s === '' ? '_' : s;
}

/** Whether `name` is used as is by safeFileStem. */
export function isSafeFileStem(name: string): boolean {
  return safeFileStem(name) === name;
}
