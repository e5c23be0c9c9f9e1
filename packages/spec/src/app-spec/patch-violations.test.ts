import { describe, expect, it } from 'vitest';
import type { Distribution } from '../apps/allowed-combinations.js';
import type { AppSpec } from './app-spec-schema.js';
import { patchViolations } from './patch-violations.js';
import { type Doc, exampleDoc } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

function valid(doc: Doc): AppSpec {
  const result = validateAppSpec(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec;
}

function violations(change: (doc: Doc) => void, distribution: Distribution = 'instance') {
  const to = exampleDoc();
  change(to);
  return patchViolations(valid(exampleDoc()), valid(to), { distribution });
}

describe('patchViolations (domain.md §4: a patch changes image tags only)', () => {
  it('allows image tag changes of existing nodes', () => {
    expect(
      violations((d) => {
        d.nodes[1].image = 'registry.example.com/acme/parking-migrate:1.4.1';
        d.nodes[2].image = 'registry.example.com/acme/parking-web:1.4.1';
      }),
    ).toEqual([]);
  });

  it('allows a move from a tag to a digest of the same repository', () => {
    expect(
      violations(
        (d) =>
          (d.nodes[2].image = `registry.example.com/acme/parking-web@sha256:${'a'.repeat(64)}`),
      ),
    ).toEqual([]);
  });

  it('refuses an image of another repository', () => {
    const found = violations(
      (d) => (d.nodes[2].image = 'registry.example.com/evil/parking-web:1.4.0'),
    );
    expect(found.map((c) => c.path)).toEqual(['nodes[2].image']);
  });

  it('lists every other change, each with its path', () => {
    const found = violations((d) => {
      d.nodes[2].image = 'registry.example.com/acme/parking-web:1.4.1';
      d.nodes[2].replicas = 2;
      d.nodes[2].env.NEW = 'x';
      d.permissions.push('device.reboot');
    });
    expect(found.map((c) => [c.path, c.summary])).toEqual([
      ['nodes[2].env.NEW', 'node web: env NEW added'],
      ['nodes[2].replicas', 'node web: replicas changed from 1 to 2'],
      ['permissions[2]', 'permission device.reboot added'],
    ]);
  });

  it('refuses a middleware version change: a database major can need a data migration', () => {
    expect(violations((d) => (d.nodes[0].version = '8.4')).map((c) => c.path)).toEqual([
      'nodes[0].version',
    ]);
  });

  it('refuses added and removed nodes', () => {
    const found = violations((d) =>
      d.nodes.push({ name: 'cache', kind: 'middleware', template: 'redis', version: '7.4' }),
    );
    expect(found.map((c) => c.kind)).toEqual(['added']);
  });

  it('allows account apps to change serverInstance.url/path and loginFree.path', () => {
    const change = (d: Doc) => {
      d.serverInstance = { url: 'https://parking2.example.com', path: '/v2/tenants' };
      d.loginFree.path = '/oauth';
    };
    expect(violations(change, 'account')).toEqual([]);
    expect(violations(change, 'instance').map((c) => c.path)).toEqual([
      'loginFree.path',
      'serverInstance.url',
      'serverInstance.path',
    ]);
  });

  it('still refuses other access changes for account apps (the login-free port)', () => {
    expect(violations((d) => (d.loginFree.port = 8080), 'account').map((c) => c.path)).toEqual([
      'loginFree.port',
    ]);
  });
});
