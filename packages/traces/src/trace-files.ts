/** The names of a trace folder's files (trace_schema.md). */
export const LOGICAL_COMPUTE_FILE = 'logical_compute.csv';
export const LOGICAL_MEMORY_FILE = 'logical_memory.csv';
export const TRACE_META_FILE = 'trace_meta.json';
