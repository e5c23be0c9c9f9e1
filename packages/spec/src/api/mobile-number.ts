import { z } from 'zod';

/**
 * Mobile numbers of cluster console users (domain §7): the credential of login-free
 * access between systems, so one number must have exactly one stored spelling. People
 * write the same number as `138 0013 8000`, `+86 138-0013-8000` or `0086 13800138000`;
 * all of them normalise to E.164, `+8613800138000`, before anything compares them.
 */

const mainland = /^1[3-9]\d{9}$/;
const e164 = /^\+[1-9]\d{6,14}$/;

/**
 * The E.164 form of a mobile number, or null when it is not one. Accepted: E.164 with
 * `+` (or the `00` international prefix), with spaces, hyphens, dots or parentheses
 * between digits; and a mainland China mobile number of 11 digits, `1[3-9]…`, which gets
 * `+86`. A `+86` number must be a mainland mobile number (not a landline). Pure.
 */
export function normaliseMobile(input: string): string | null {
  const compact = input.trim().replace(/[\s\-.()]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (mainland.test(international)) return `+86${international}`;
  if (!e164.test(international)) return null;
  if (international.startsWith('+86') && !mainland.test(international.slice(3))) return null;
  return international;
}

/** A mobile number as a request carries it; the server stores `normaliseMobile` of it. */
export const mobileNumber = z
  .string()
  .max(32, 'must be at most 32 characters')
  .refine(
    (value) => normaliseMobile(value) !== null,
    'must be a mobile number: E.164 such as +4915112345678, or a mainland China number such as 13800138000',
  );
