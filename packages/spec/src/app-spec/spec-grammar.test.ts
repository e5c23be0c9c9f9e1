// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEnvTemplate } from './env-template.js';
import {
  imageProblem,
  imageReference,
  parseImageReference,
  sameRepository,
} from './image-reference.js';
import { formatCpu, parseCpu, parseMemory } from './quantities.js';
import { formatPath, parsePath } from './spec-path.js';
import { absolutePath, envName, identifier, nodeName, pathProblem } from './spec-strings.js';

describe('spec paths', () => {
  it('formats and parses nodes[2].ports[0].port and quoted keys', () => {
    expect(formatPath(['nodes', 2, 'ports', 0, 'port'])).toBe('nodes[2].ports[0].port');
    expect(formatPath(['nodes', 0, 'env', 'MY-VAR'])).toBe('nodes[0].env["MY-VAR"]');
    expect(formatPath([])).toBe('');
    expect(parsePath('nodes[0].env["MY-VAR"]')).toEqual(['nodes', 0, 'env', 'MY-VAR']);
    expect(parsePath('.nodes')).toBeUndefined();
  });

  it('parses back every path it formats (property)', () => {
    const key = fc.oneof(fc.nat(1000), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 6 }), (keys) => {
        expect(parsePath(formatPath(keys))).toEqual(keys);
      }),
    );
  });
});

describe('env templates', () => {
  it('splits text and references', () => {
    expect(parseEnvTemplate('http://${api.host}:${api.ports.http}/${params.site}')).toEqual({
      ok: true,
      parts: [
        { text: 'http://' },
        { ref: { node: 'api', field: 'host' } },
        { text: ':' },
        { ref: { node: 'api', field: 'ports.http' } },
        { text: '/' },
        { ref: { param: 'site' } },
      ],
    });
  });

  it('never throws and round-trips text without ${ (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const parsed = parseEnvTemplate(s);
        if (!s.includes('${')) expect(parsed).toEqual({ ok: true, parts: s ? [{ text: s }] : [] });
      }),
    );
  });
});

describe('image references', () => {
  it('normalizes Docker Hub names and keeps registries with a dot, a port or localhost', () => {
    expect(parseImageReference('mysql:8.0')).toMatchObject({
      repository: 'docker.io/library/mysql',
      tag: '8.0',
    });
    expect(parseImageReference('acme/web:1')).toMatchObject({ repository: 'docker.io/acme/web' });
    expect(parseImageReference('localhost:5000/web:1')).toMatchObject({
      registry: 'localhost:5000',
      path: 'web',
    });
    expect(parseImageReference(`r.example.com/a/b@sha256:${'0'.repeat(64)}`)).toMatchObject({
      digest: `sha256:${'0'.repeat(64)}`,
    });
    expect(sameRepository('mysql:8.0', 'docker.io/library/mysql:8.4')).toBe(true);
  });

  it('refuses upper-case paths, missing tags and empty parts', () => {
    for (const bad of [
      'Acme/web:1',
      'acme/web',
      'acme//web:1',
      'acme/web:',
      ':1',
      'acme/web@sha256:abc',
    ])
      expect(imageProblem(bad), bad).toBeDefined();
  });
});

describe('quantities', () => {
  it('parses CPU to millicores and memory to Mi', () => {
    expect([
      parseCpu('500m'),
      parseCpu('1'),
      parseCpu('0.5'),
      parseCpu(2),
      parseCpu('0.001'),
    ]).toEqual([500, 1000, 500, 2000, 1]);
    expect([parseMemory('256Mi'), parseMemory('1Gi'), parseMemory('1.5Gi')]).toEqual([
      256, 1024, 1536,
    ]);
    expect([parseCpu('1.5m'), parseMemory('1GB')]).toEqual([undefined, undefined]);
    expect([formatCpu(1500), formatCpu(2000)]).toEqual(['1500m', '2']);
  });
});

describe('absolute paths', () => {
  it('accepts normalized absolute paths and explains each refusal', () => {
    for (const ok of ['/', '/data', '/var/log/app-1', '/a/b.c/d_e'])
      expect(absolutePath.safeParse(ok).success, ok).toBe(true);
    expect(pathProblem('relative')).toContain('absolute');
    expect(pathProblem('/a/./b')).toContain('".."');
    expect(pathProblem('/a/-rf')).toContain('"-"');
    expect(pathProblem('/a*')).toContain('may only contain');
  });
});

describe('R14: no grammar lets shell syntax through (property)', () => {
  it('accepts no name, image or path with $(, backticks, ;, whitespace or a leading -', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .tuple(
          fc.string({ maxLength: 10 }),
          fc.constantFrom('$(', '`', ';', ' ', '\n', '\t', '-'),
          fc.string({ maxLength: 10 }),
        )
        .map(([a, b, c]) => `${a}${b}${c}`),
    );
    fc.assert(
      fc.property(hostile, (s) => {
        for (const schema of [nodeName, envName, identifier, absolutePath, imageReference])
          if (schema.safeParse(s).success) {
            expect(s).not.toMatch(/\$\(|`|;|\s/);
            expect(s.startsWith('-')).toBe(false);
          }
      }),
      { numRuns: 2000 },
    );
  });
});
