import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountName, newPassword, username } from './names.js';

describe('name rules', () => {
  it('accepts DNS labels as account names and refuses the rest with a reason', () => {
    for (const ok of ['ab', 'acme', 'acme-parking', 'a1', '9lives'])
      expect(accountName.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      'a',
      '-acme',
      'acme-',
      'Acme',
      'ac_me',
      'a'.repeat(64),
      'ac me',
      'ac;me',
      '$(id)',
    ]) {
      const r = accountName.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message.length).toBeGreaterThan(5);
    }
  });

  it('never accepts a shell metacharacter, whitespace or upper case in a name (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        for (const schema of [accountName, username]) {
          if (schema.safeParse(s).success) expect(s).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
        }
      }),
    );
  });

  it('bounds passwords to 10–256 characters', () => {
    expect(newPassword.safeParse('x'.repeat(9)).success).toBe(false);
    expect(newPassword.safeParse('x'.repeat(10)).success).toBe(true);
    expect(newPassword.safeParse('x'.repeat(257)).success).toBe(false);
  });
});
