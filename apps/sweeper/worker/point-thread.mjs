// Worker-thread bootstrap of the sweeper's thread pool. Plain JavaScript on
// purpose: a worker thread does not inherit a TypeScript loader from vitest,
// so when the entry or the runner module it is given is a .ts source file
// (tests, `pnpm sweeper` from source, a --runner written in TypeScript) it
// registers tsx and the @tasmoe/source export condition (workspace packages
// resolve to their src/) before importing. From a build (dist/*.js) with a
// JavaScript runner it imports the entry as it is.
import { register as registerHooks } from 'node:module';
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts') || workerData.runner.module.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
  const sourceCondition =
    "export async function resolve(s, c, n) { return n(s, c.conditions.includes('@tasmoe/source') ? c : { ...c, conditions: [...c.conditions, '@tasmoe/source'] }); }";
  registerHooks(`data:text/javascript,${encodeURIComponent(sourceCondition)}`);
}
await import(workerData.entry);
