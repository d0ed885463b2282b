/** One atomic-write helper for the whole tool: the runner's (temp file in the same folder + rename). */
export { writeFileAtomic } from '@tasmoe/cli';
