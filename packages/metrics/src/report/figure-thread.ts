/**
 * What a thread that only writes figures needs (run-all's and `tasmoe report`'s
 * report worker): the figure writer and the renderer's preload, without the
 * package's index (results parsing, the report model, the schemas and zod),
 * so that thread starts in less time.
 */
export { writeFigureJob, type FigureJob } from './figure-io.js';
export { preloadRenderer } from './render.js';
