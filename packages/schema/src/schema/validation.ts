import { z } from 'zod';

/** Input limits shared by the schema's fields: short enough to store and show, long enough for real requests. */
export const text = (min: number, max: number, label: string) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `${label} cannot be empty.` : `${label} must be at least ${min} characters.`)
    .max(max, `${label} must be at most ${max} characters.`)
    // PostgreSQL cannot store a NUL character in text: refuse it here rather than fail in the database.
    .refine((value) => !value.includes('\u0000'), `${label} cannot contain NUL characters.`);

export const stars = (label: string) =>
  z.number().int().min(0, `${label} goes from 0 to 3 stars.`).max(3, `${label} goes from 0 to 3 stars.`);

export const id = z.string().min(1, 'An id is required.').max(64, 'Unknown id.');
export const email = z.email('Enter a valid email address.').max(254);
export const phone = z
  .string()
  .trim()
  .min(3, 'Enter a phone number.')
  .max(40, 'The phone number is too long.')
  .regex(/^[+\d\s().\-/]+$/, 'A phone number has digits, spaces and + ( ) - / only.');
