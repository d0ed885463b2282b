/**
 * SVG -> PNG on a worker thread (png-worker.mjs), one per thread that asks,
 * started on first use. resvg-js's async render rasterises on libuv's pool but
 * encodes the PNG (deflate, the larger part for a 3x figure) on the calling
 * thread; here both run off it, so the report's thread goes on laying out the
 * next figure. Same library, same options, same input: the same bytes. The
 * worker keeps the process alive only while a conversion is pending.
 */
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

interface Reply {
  readonly id: number;
  readonly png?: Uint8Array;
  readonly error?: string;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (err: Error) => void }>();

function thread(): Worker {
  if (worker !== undefined) return worker;
  // no execArgv: the parent's --import of a TypeScript loader would only slow this plain module's start
  const w = new Worker(new URL('./png-worker.mjs', import.meta.url), { execArgv: [] });
  w.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.png !== undefined) p.resolve(m.png);
    else p.reject(new Error(m.error ?? 'no PNG'));
  });
  const fail = (err: Error) => {
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`PNG worker exited with code ${code}`)));
  // after the listeners: adding a 'message' listener refs the worker's port again
  w.unref();
  worker = w;
  return w;
}

/** Starts the PNG thread now (it loads resvg while the caller does other work). */
export function startPngThread(): void {
  thread();
}

/** The PNG of `svg` rendered with `options` on the PNG thread. */
export function renderPngOffThread(svg: string, options: ResvgRenderOptions): Promise<Uint8Array> {
  const w = thread();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, svg, options });
  });
}
