import { describe, expect, it } from 'vitest';
import { registriesRequest } from './clusters.js';

describe('registry settings', () => {
  it('takes mirrors with and without a repository prefix', () => {
    const mirrors = {
      'docker.io': 'mirror.site.local:5000',
      'registry.example.com': 'localhost/berth-mirror',
      'ghcr.io': 'mirror.local/hub/ghcr',
    };
    expect(registriesRequest.parse({ mirrors }).mirrors).toEqual(mirrors);
  });

  it.each([
    ['a URL', 'https://mirror.local'],
    ['a trailing slash', 'mirror.local/'],
    ['an upper-case path', 'mirror.local/Hub'],
    ['a path that climbs', 'mirror.local/../etc'],
    ['whitespace', 'mirror.local hub'],
  ])('refuses a mirror with %s, naming the registry it is for', (_, mirror) => {
    const result = registriesRequest.safeParse({ mirrors: { 'docker.io': mirror } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['mirrors', 'docker.io']);
  });

  it('refuses a registry key with a path: mirrors are per registry host', () => {
    expect(
      registriesRequest.safeParse({ mirrors: { 'docker.io/library': 'm.local' } }).success,
    ).toBe(false);
  });
});
