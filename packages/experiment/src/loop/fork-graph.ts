/**
 * A deep copy of a loop state's object graph, for a scenario that continues from another's state
 * (fork-twin.ts): class instances keep their prototype, aliasing is kept (an object reached twice
 * is copied once; typed arrays on one ArrayBuffer stay views of one copy), frozen objects (the
 * resolved configs) and functions are shared. An object that defines `[FORK_COPY]` copies itself
 * (state outside the JavaScript heap, e.g. a WebAssembly memory). What cannot be copied faithfully
 * is refused by name rather than shared: shared memory, promises, weak collections, WebAssembly
 * objects without their owner's hook. A function is shared: one that keeps state in its closure
 * (a closure-based accumulator) is not copied, so such state must live in objects.
 */
import { FORK_COPY, type ForkCopy } from '@tasmoe/schemas';

export class ForkGraphError extends Error {
  override readonly name = 'ForkGraphError';
}

/** Copies `root`; `share` objects are kept as they are (e.g. a logger the copy re-points later). */
export function forkGraph<T>(root: T, share: readonly object[] = []): T {
  const memo = new Map<unknown, unknown>();
  for (const s of share) memo.set(s, s);
  const copy = (v: unknown, at: string): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    if (Object.isFrozen(v)) return v;
    const hook = (v as { [FORK_COPY]?: ForkCopy })[FORK_COPY];
    if (typeof hook === 'function') {
      const c = hook.call(v, (x) => copy(x, `${at}.<hook>`));
      memo.set(v, c);
      return c;
    }
    if (ArrayBuffer.isView(v)) return copyView(v, memo, at);
    if (v instanceof ArrayBuffer) {
      const c = v.slice(0);
      memo.set(v, c);
      return c;
    }
    const tag = Object.prototype.toString.call(v);
    if (REFUSED.has(tag)) throw new ForkGraphError(`cannot copy ${tag} at ${at}`);
    if (Array.isArray(v)) {
      const c: unknown[] = new Array(v.length);
      memo.set(v, c);
      Object.setPrototypeOf(c, Object.getPrototypeOf(v));
      for (let i = 0; i < v.length; i++) if (i in v) c[i] = copy(v[i], `${at}[${i}]`);
      return c;
    }
    if (v instanceof Map) {
      const c = new Map();
      memo.set(v, c);
      for (const [k, x] of v) c.set(copy(k, `${at}.<key>`), copy(x, `${at}.get()`));
      return c;
    }
    if (v instanceof Set) {
      const c = new Set();
      memo.set(v, c);
      for (const x of v) c.add(copy(x, `${at}.<member>`));
      return c;
    }
    const c = Object.create(Object.getPrototypeOf(v) as object | null) as Record<PropertyKey, unknown>;
    memo.set(v, c);
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
      if ('value' in d) d.value = copy(d.value, `${at}.${String(key)}`);
      Object.defineProperty(c, key, d);
    }
    return c;
  };
  return copy(root, 'root') as T;
}

const REFUSED = new Set([
  '[object SharedArrayBuffer]',
  '[object Promise]',
  '[object WeakMap]',
  '[object WeakSet]',
  '[object WeakRef]',
  '[object WebAssembly.Memory]',
  '[object WebAssembly.Instance]',
  '[object WebAssembly.Module]',
  '[object WebAssembly.Table]',
  '[object MessagePort]',
]);

function copyView(v: ArrayBufferView, memo: Map<unknown, unknown>, at: string): ArrayBufferView {
  const buf = v.buffer;
  if (!(buf instanceof ArrayBuffer)) throw new ForkGraphError(`cannot copy a view of shared memory at ${at}`);
  let b = memo.get(buf) as ArrayBuffer | undefined;
  if (b === undefined) {
    b = buf.slice(0);
    memo.set(buf, b);
  }
  if (Buffer.isBuffer(v)) {
    const c = Buffer.from(b, v.byteOffset, v.length);
    memo.set(v, c);
    return c;
  }
  const Ctor = v.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;
  const length = v instanceof DataView ? v.byteLength : (v as unknown as { length: number }).length;
  const c = new Ctor(b, v.byteOffset, length);
  memo.set(v, c);
  return c;
}
