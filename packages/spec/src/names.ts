import { z } from 'zod';

/**
 * Name rules shared by the server (validation), the console (forms) and the CLI (offline
 * checks). Names are identifiers in URLs and in engine objects, so they are ASCII,
 * lower-case and bounded.
 */

const dnsLabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An account name: a DNS label of 2–63 characters. */
export const accountName = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(63, 'must be at most 63 characters')
  .regex(
    dnsLabelPattern,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  );

/** A username: 2–64 lower-case letters, digits, dots, underscores and hyphens. */
export const username = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/,
    'must be lower-case letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
  );

/** A password as a user sets it. Length is the rule that matters (NIST SP 800-63B). */
export const newPassword = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

/** A password as a user presents it: bounded so a huge value cannot tie up the hasher. */
export const presentedPassword = z.string().min(1, 'is required').max(256, 'is too long');

/** A human-readable display name. */
export const displayName = z.string().trim().min(1).max(100, 'must be at most 100 characters');
