// Worker-thread entry of the PNG rasteriser (png-thread.ts): resvg's asPng() encodes on the
// thread that calls it, so the whole conversion runs here, off the thread that lays figures out.
// Plain JavaScript on purpose: it needs resvg alone, so it starts without a TypeScript loader.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js');

parentPort?.on('message', ({ id, svg, options }) => {
  try {
    const png = new Resvg(svg, options).render().asPng();
    parentPort?.postMessage({ id, png });
  } catch (err) {
    parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
