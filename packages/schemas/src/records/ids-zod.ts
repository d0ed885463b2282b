/** zod schemas of the id formats (see ../ids.ts for the codecs). */
import { z } from 'zod';
import { isBankId, isExpertId, type BankId, type ExpertId } from '../ids.js';

export const ExpertIdSchema = z.custom<ExpertId>((v) => typeof v === 'string' && isExpertId(v), {
  message: 'expected an expert id like "E17"',
});
export const BankIdSchema = z.custom<BankId>((v) => typeof v === 'string' && isBankId(v), {
  message: 'expected a bank id like "B(12,7,3)"',
});
export const CoreIdSchema = z.number().int().nonnegative();
export const NsSchema = z.number().int().nonnegative();
