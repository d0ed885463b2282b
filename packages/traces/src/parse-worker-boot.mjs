// A parse worker started from TypeScript sources (vitest, tsx): Node 20 does not
// carry loader hooks into workers, so this registers tsx here, then loads the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
