import { z } from 'zod';

/**
 * An app name: a DNS label of 2–63 characters, like an account name, because it appears
 * in URLs, engine objects and container labels.
 */
export const appName = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  );
