/** The CLI's output seam, shared with `tasmoe` so both tools print and test the same way. */
export { processIo } from '@tasmoe/cli';
export type { Io, ProgressTerminal } from '@tasmoe/cli';
