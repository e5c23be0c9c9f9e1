import { InputError } from '../errors.js';

/**
 * The rules a new password must meet beyond its length (checked by the schema): it must
 * not contain the username. Length beats composition rules (NIST SP 800-63B), so there
 * are none of those.
 * @throws InputError pointing at `path`.
 */
export function assertPasswordPolicy(username: string, password: string, path: string): void {
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new InputError('The password must not contain the username', [
      { path, in: 'body', message: 'must not contain the username' },
    ]);
  }
}
