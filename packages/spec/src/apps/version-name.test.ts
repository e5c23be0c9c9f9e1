import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, versionName } from './version-name.js';

describe('versionName', () => {
  it('accepts semantic versions 2.0.0', () => {
    for (const ok of ['1.4.0', '0.0.1', '2.0.0-rc.1', '1.0.0-alpha+001', '10.20.30'])
      expect(versionName.safeParse(ok).success, ok).toBe(true);
  });

  it('refuses what is not semver, with a hint for a leading "v"', () => {
    for (const bad of ['1.4', '01.4.0', '1.4.0-', '1.4.0 ', 'latest', '1.4.0;rm'])
      expect(versionName.safeParse(bad).success, bad).toBe(false);
    expect(versionName.safeParse('v1.4.0').error?.issues[0]?.message).toContain('1.4.0');
  });
});

describe('compareVersions', () => {
  it('orders versions by semver precedence (the semver.org example)', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.4.0',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i] as string, ordered[i + 1] as string)).toBe(-1);
      expect(compareVersions(ordered[i + 1] as string, ordered[i] as string)).toBe(1);
    }
  });

  it('ignores build metadata and compares numbers of any size', () => {
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(compareVersions('99999999999999999999.0.0', '100000000000000000000.0.0')).toBe(-1);
  });

  it('throws RangeError on what is not a version', () => {
    expect(() => compareVersions('1.0', '1.0.0')).toThrow(RangeError);
  });

  it('is antisymmetric (property)', () => {
    const version = fc
      .tuple(
        fc.nat(20),
        fc.nat(20),
        fc.nat(20),
        fc.option(fc.constantFrom('alpha', 'beta.1', 'rc.2', '1')),
      )
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
      }),
    );
  });
});
