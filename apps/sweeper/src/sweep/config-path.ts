/**
 * Setting a value at a dotted path inside a plain config document. Pure: the
 * input is copied along the path, never mutated, so the frozen base configs
 * can be shared by every point.
 */

/** `tacs.thresholds.Thot` -> ['tacs', 'thresholds', 'Thot']; numeric segments index arrays. */
export function splitPath(dotted: string): string[] {
  return dotted.split('.');
}

function isIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key);
}

/**
 * A copy of `doc` with `value` at `path`. Missing objects on the way are
 * created (the schema then reports an unknown key if the path is wrong);
 * a path through a scalar is reported as a string, not thrown.
 */
export function withValueAt(
  doc: unknown,
  path: readonly string[],
  value: unknown,
): { ok: true; doc: unknown } | { ok: false; message: string } {
  const [head, ...rest] = path;
  if (head === undefined) return { ok: true, doc: value };
  if (Array.isArray(doc)) {
    if (!isIndex(head)) return { ok: false, message: `"${head}" indexes an array: expected a number` };
    const i = Number(head);
    if (i > doc.length) return { ok: false, message: `index ${i} is past the end of an array of ${doc.length}` };
    const inner = withValueAt(doc[i], rest, value);
    if (!inner.ok) return inner;
    const copy = [...(doc as unknown[])];
    copy[i] = inner.doc;
    return { ok: true, doc: copy };
  }
  if (doc === undefined || doc === null) {
    const inner = withValueAt(undefined, rest, value);
    return inner.ok ? { ok: true, doc: { [head]: inner.doc } } : inner;
  }
  if (typeof doc !== 'object')
    return { ok: false, message: `"${head}" is inside ${JSON.stringify(doc)}, which is not an object` };
  const record = doc as Record<string, unknown>;
  const inner = withValueAt(record[head], rest, value);
  if (!inner.ok) return inner;
  return { ok: true, doc: { ...record, [head]: inner.doc } };
}

/** Plain (unfrozen, JSON-shaped) deep copy; configs are JSON data. */
export function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
