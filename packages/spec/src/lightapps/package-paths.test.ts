import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkProblem, packageEntryPath } from './package-paths.js';

describe('packageEntryPath', () => {
  it('normalises harmless spellings', () => {
    expect(packageEntryPath('./app/main.py')).toEqual({ path: 'app/main.py' });
    expect(packageEntryPath('app//lib/')).toEqual({ path: 'app/lib' });
  });

  it('refuses absolute paths, "..", backslashes and NUL', () => {
    for (const name of ['/etc/passwd', 'C:/x', '../x', 'a/../../x', 'a/..', 'a\\..\\x', 'a\0b'])
      expect(packageEntryPath(name), name).toHaveProperty('problem');
  });

  it('never yields a path that leaves the folder, whatever the name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '.', '..', '', '/', 'b/')).map((p) => p.join('/')),
        (name) => {
          const r = packageEntryPath(name);
          if ('path' in r) {
            expect(r.path.startsWith('/')).toBe(false);
            expect(r.path.split('/')).not.toContain('..');
          }
        },
      ),
    );
  });
});

describe('linkProblem', () => {
  it('lets links stay inside', () => {
    expect(linkProblem('bin/run', '../lib/run.py', 'symlink')).toBeUndefined();
    expect(linkProblem('a/b', 'c', 'symlink')).toBeUndefined();
    expect(linkProblem('copy', 'lib/x', 'hardlink')).toBeUndefined();
  });

  it('refuses links that leave the folder or point at absolute paths', () => {
    expect(linkProblem('bin/run', '../../etc/passwd', 'symlink')).toContain('outside');
    expect(linkProblem('run', '..', 'symlink')).toContain('outside');
    expect(linkProblem('run', '.', 'symlink')).toContain('outside');
    expect(linkProblem('run', '/etc/passwd', 'symlink')).toContain('absolute');
    expect(linkProblem('copy', '../x', 'hardlink')).toContain('outside');
  });
});
