/** Logical time between decode steps in `t_gen_ns`; real issue times are the physicalizer's. */
export const STEP_PERIOD_NS = 1_000_000;
