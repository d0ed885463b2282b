/**
 * The bounds of every size and physical quantity a config may give
 * (docs/model.md "Configs", "Limits"). Sizes are bounded by what the solver
 * and the loop can hold (measured: a 256 x 256 thermal grid takes ~570 MB and
 * 74 s for a 5-window run, warm-up and influence matrix included; 1,024 cores
 * need 1,024 steady solves for the influence matrix H); physical quantities by what is physical for a 3D
 * stack (temperatures above absolute zero, layers at least 0.1 um thick).
 * Within these bounds a run may still be too large for the machine: the
 * runner estimates windows and memory before it starts (run-estimate.ts).
 */
import { z } from 'zod';

export { ABSOLUTE_ZERO_C, LIMITS } from './limit-values.js';
import { ABSOLUTE_ZERO_C, LIMITS } from './limit-values.js';

/** A temperature in C: above absolute zero, at most LIMITS.temperatureMaxC. */
export const temperatureC = () =>
  z
    .number()
    .gt(ABSOLUTE_ZERO_C, `expected a temperature above absolute zero (${ABSOLUTE_ZERO_C} C)`)
    .max(LIMITS.temperatureMaxC, `expected at most ${LIMITS.temperatureMaxC} C`);

/** A finite number in [min, max]. */
export const within = (r: { readonly min: number; readonly max: number }) => z.number().min(r.min).max(r.max);

/** A positive number at most `max`. */
export const positiveAtMost = (max: number) => z.number().positive().max(max);

/** A non-negative number at most `max`. */
export const nonNegativeAtMost = (max: number) => z.number().nonnegative().max(max);

/** A positive integer at most `max`. */
export const positiveIntAtMost = (max: number) => z.number().int().positive().max(max);
