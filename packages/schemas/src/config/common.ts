import { z } from 'zod';

export const positive = () => z.number().positive();
export const nonNegative = () => z.number().nonnegative();
export const positiveInt = () => z.number().int().positive();
export const nonNegativeInt = () => z.number().int().nonnegative();
/** A probability-like fraction in [0, 1]. */
export const fraction = () => z.number().min(0).max(1);
