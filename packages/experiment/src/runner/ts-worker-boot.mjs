// Worker bootstrap for development runs from TypeScript sources: registers the
// tsx loader in this thread, then loads the real entry (a .ts module).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
