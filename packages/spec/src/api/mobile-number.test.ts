import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mobileNumber, normaliseMobile } from './mobile-number.js';

const mainlandDigits = fc
  .tuple(fc.constantFrom(...'3456789'), fc.stringMatching(/^\d{9}$/))
  .map(([second, rest]) => `1${second}${rest}`);

/** Ways people write one mainland number: a prefix or none, separators between digits. */
const spelling = (digits: string) =>
  fc
    .tuple(
      fc.constantFrom('', '+86', '+86 ', '0086', '0086 ', '+86-'),
      fc.array(fc.constantFrom('', ' ', '-', '.'), { minLength: 10, maxLength: 10 }),
    )
    .map(
      ([prefix, separators]) =>
        ` ${prefix}${digits[0]}${separators.map((sep, i) => `${sep}${digits[i + 1]}`).join('')} `,
    );

describe(normaliseMobile, () => {
  it('reads the common spellings of one number as the same E.164 number', () => {
    for (const spelled of [
      '13800138000',
      '138 0013 8000',
      '138-0013-8000',
      '+8613800138000',
      '+86 138 0013 8000',
      '0086 138 0013 8000',
      '+86 (138) 0013-8000',
    ])
      expect(normaliseMobile(spelled), spelled).toBe('+8613800138000');
    expect(normaliseMobile('+49 151 1234 5678')).toBe('+4915112345678');
    expect(normaliseMobile('+1 (415) 555-0100')).toBe('+14155550100');
  });

  it('refuses what is not a mobile number', () => {
    for (const bad of [
      '',
      '12345',
      '12800138000', // 12x is not a mainland mobile prefix
      '1380013800', // 10 digits
      '+86 10 6552 9988', // a Beijing landline
      '+0123456789',
      '+1234567890123456', // 16 digits: longer than E.164 allows
      '8613800138000', // a country code without "+" or "00"
      '138 0013 8000 ext 1',
      '+86 138 0013 8000; rm -rf /',
    ])
      expect(normaliseMobile(bad), bad).toBeNull();
  });

  it('gives every spelling of a mainland number the same normal form (property)', () => {
    fc.assert(
      fc.property(
        mainlandDigits.chain((d) => fc.tuple(fc.constant(d), spelling(d))),
        ([d, s]) => {
          expect(normaliseMobile(s)).toBe(`+86${d}`);
        },
      ),
    );
  });

  it('is idempotent and always answers E.164 (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const n = normaliseMobile(s);
        if (n === null) return;
        expect(n).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(normaliseMobile(n)).toBe(n);
      }),
    );
  });
});

describe('mobileNumber', () => {
  it('names what is wrong in words a person acts on', () => {
    const r = mobileNumber.safeParse('12345');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('mainland China number');
    expect(mobileNumber.safeParse('x'.repeat(40)).success).toBe(false);
  });
});
