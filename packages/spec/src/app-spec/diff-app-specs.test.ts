// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import { describe, expect, it } from 'vitest';
import type { AppSpec } from './app-spec-schema.js';
import { diffAppSpecs } from './diff-app-specs.js';
import { type Doc, exampleDoc } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

function valid(doc: Doc): AppSpec {
  const result = validateAppSpec(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec;
}

function diff(change: (doc: Doc) => void) {
  const to = exampleDoc();
  change(to);
  return diffAppSpecs(valid(exampleDoc()), valid(to));
}

describe('diffAppSpecs', () => {
  it('finds nothing between equal specs', () => {
    expect(diffAppSpecs(valid(exampleDoc()), valid(exampleDoc()))).toEqual([]);
  });

  it('reports an image change as one sentence with both values', () => {
    expect(diff((d) => (d.nodes[2].image = 'registry.example.com/acme/parking-web:1.5.0'))).toEqual(
      [
        {
          path: 'nodes[2].image',
          kind: 'changed',
          from: 'registry.example.com/acme/parking-web:1.4.0',
          to: 'registry.example.com/acme/parking-web:1.5.0',
          summary:
            'node web: image changed from registry.example.com/acme/parking-web:1.4.0 to registry.example.com/acme/parking-web:1.5.0',
        },
      ],
    );
  });

  it('matches nodes by name, not by position', () => {
    expect(diff((d) => d.nodes.reverse())).toEqual([]);
  });

  it('reports a node added and a node removed', () => {
    const changes = diff((d) => {
      d.nodes.push({ name: 'cache', kind: 'middleware', template: 'redis', version: '7.4' });
      d.nodes.splice(1, 1);
      d.nodes[1].dependsOn = ['db'];
    });
    expect(changes.map((c) => [c.path, c.kind, c.summary])).toEqual([
      ['nodes[1].dependsOn[0]', 'added', 'node web: dependsOn db added'],
      ['nodes[1].dependsOn', 'removed', 'node web: dependsOn migrate removed'],
      ['nodes[2]', 'added', 'node cache added'],
      ['nodes', 'removed', 'node migrate removed'],
    ]);
  });

  it('describes parameter, env, port and resource changes in words', () => {
    const summaries = diff((d) => {
      d.parameters[0].default = 'south';
      d.nodes[2].env.SITE = 'fixed';
      d.nodes[2].env.NEW = 'x';
      d.nodes[2].ports[0].port = 8081;
      d.nodes[2].resources.cpu = '1';
      delete d.nodes[2].logPath;
    }).map((c) => c.summary);
    expect(summaries).toEqual([
      'parameter site: default changed from north to south',
      'node web: port http: port changed from 8080 to 8081',
      'node web: env SITE changed from ${params.site} to fixed',
      'node web: env NEW added',
      'node web: resources.cpu changed from 500m to 1',
      'node web: logPath removed (was /var/log/parking)',
    ]);
  });

  it('describes declarations: permissions, data models, services, access paths', () => {
    const summaries = diff((d) => {
      d.permissions.push('device.reboot');
      d.dataModels[0].permission = 'read';
      d.services.depends[0].operations.push('refund');
      d.loginFree.path = '/login';
    }).map((c) => c.summary);
    expect(summaries).toEqual([
      'permission device.reboot added',
      'data model parking_space: permission changed from crud to read',
      'service dependency payment: operation refund added',
      'loginFree.path changed from /sso to /login',
    ]);
  });

  it('reports a command change as one change of the whole argv', () => {
    const changes = diff((d) => (d.nodes[1].command = ['/app/migrate', '--to', 'v2']));
    expect(changes.map((c) => c.path)).toEqual(['nodes[1].command']);
  });
});

describe('diffAppSpecs with keys that are also Object.prototype names', () => {
  it('sees an env named constructor as an ordinary key', () => {
    const changes = diff((d) => (d.nodes[2].env.constructor = 'x'));
    expect(changes.map((c) => c.summary)).toEqual(['node web: env constructor added']);
  });
});
