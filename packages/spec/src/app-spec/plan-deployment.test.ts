// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import { describe, expect, it } from 'vitest';
import type { AppSpec } from './app-spec-schema.js';
import { planDeployment } from './plan-deployment.js';
import type { PlannedContainer, PlannedNode } from './plan-types.js';
import { customNode, type Doc, docOf, exampleDoc } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

function valid(doc: Doc): AppSpec {
  const result = validateAppSpec(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec;
}

const container = (nodes: PlannedNode[], name: string) =>
  nodes.find((n) => n.name === name) as PlannedContainer;

describe('planDeployment', () => {
  it('layers nodes with Kahn: no dependencies first, each level sorted by name', () => {
    const spec = valid(
      docOf(
        customNode('web', { dependsOn: ['api'] }),
        customNode('api', { dependsOn: ['migrate', 'cache'] }),
        customNode('cache'),
        customNode('migrate', { kind: 'init', dependsOn: ['db'] }),
        customNode('db'),
        customNode('audit'),
      ),
    );
    expect(planDeployment(spec).levels).toEqual([
      ['audit', 'cache', 'db'],
      ['migrate'],
      ['api'],
      ['web'],
    ]);
  });

  it('lists nodes in deploy order with their level and sorted direct dependencies', () => {
    const plan = planDeployment(valid(exampleDoc()));
    expect(plan.nodes.map((n) => [n.name, n.level, n.dependsOn])).toEqual([
      ['db', 0, []],
      ['migrate', 1, ['db']],
      ['web', 2, ['migrate']],
    ]);
  });

  it('resolves ${db.host} to the node name and ${api.port} to the port number', () => {
    const spec = valid(
      docOf(
        customNode('api', {
          ports: [
            { name: 'http', port: 9000 },
            { name: 'metrics', port: 9100 },
          ],
        }),
        customNode('web', {
          env: { API: 'http://${api.host}:${api.port}/v1', M: '${api.ports.metrics}' },
          dependsOn: ['api'],
        }),
      ),
    );
    expect(container(planDeployment(spec).nodes, 'web').env).toEqual({
      API: ['http://api:9000/v1'],
      M: ['9100'],
    });
  });

  it('keeps generated secrets as references and lists them to generate', () => {
    const plan = planDeployment(valid(exampleDoc()));
    expect(container(plan.nodes, 'migrate').env).toEqual({
      DB_HOST: ['db'],
      DB_PASSWORD: [{ secret: 'db.password' }],
    });
    expect(plan.secrets.map((s) => s.key)).toEqual(['db.password', 'db.rootPassword']);
  });

  it('resolves a URL field into text around the secret', () => {
    const doc = docOf(
      { name: 'db', kind: 'middleware', template: 'postgresql', version: '16' },
      customNode('api', { env: { URL: '${db.url}' }, dependsOn: ['db'] }),
    );
    expect(container(planDeployment(valid(doc)).nodes, 'api').env.URL).toEqual([
      'postgres://app:',
      { secret: 'db.password' },
      '@db:5432/app',
    ]);
  });

  it('uses parameter values, then defaults, and keeps secret or missing ones as references', () => {
    const doc = {
      parameters: [
        { name: 'site', type: 'string', default: 'north' },
        { name: 'zone', type: 'string' },
        { name: 'token', type: 'string', secret: true },
      ],
      nodes: [
        customNode('web', {
          env: { S: '${params.site}', Z: '${params.zone}', T: '${params.token}' },
        }),
      ],
    };
    const env = (params?: Record<string, string>) =>
      container(planDeployment(valid(doc), params ? { params } : {}).nodes, 'web').env;
    expect(env()).toEqual({ S: ['north'], Z: [{ param: 'zone' }], T: [{ param: 'token' }] });
    expect(env({ site: 'south', zone: 'b', token: 'never-copied' })).toEqual({
      S: ['south'],
      Z: ['b'],
      T: [{ param: 'token' }],
    });
    expect(planDeployment(valid(doc)).deployTimeParams).toEqual(['token', 'zone']);
  });

  it('unescapes $${ to a literal ${', () => {
    const doc = docOf(customNode('web', { env: { A: 'cost $${x} and pa$$' } }));
    expect(container(planDeployment(valid(doc)).nodes, 'web').env.A).toEqual([
      'cost ${x} and pa$$',
    ]);
  });

  it('expands a middleware node with its catalog image, ports, volume, health and env', () => {
    const db = container(planDeployment(valid(exampleDoc())).nodes, 'db');
    expect(db).toMatchObject({
      kind: 'middleware',
      template: { name: 'mysql', version: '8.0' },
      image: 'docker.io/library/mysql:8.0',
      ports: [
        { name: 'mysql', port: 3306, protocol: 'tcp', expose: false, serviceType: 'ClusterIP' },
      ],
      volumes: [{ name: 'data', mountPath: '/var/lib/mysql' }],
      health: { exec: ['mysqladmin', 'ping', '--host=127.0.0.1', '--silent'], intervalSeconds: 10 },
      resources: { cpuMillicores: 500, memoryMi: 512 },
      restart: 'always',
    });
    expect(db.env).toEqual({
      MYSQL_ROOT_PASSWORD: [{ secret: 'db.rootPassword' }],
      MYSQL_DATABASE: ['parking'],
      MYSQL_USER: ['app'],
      MYSQL_PASSWORD: [{ secret: 'db.password' }],
    });
  });

  it('turns a tcp health port name into its number', () => {
    const doc = docOf({ name: 'mq', kind: 'middleware', template: 'mosquitto', version: '2.0' });
    expect(container(planDeployment(valid(doc)).nodes, 'mq').health).toMatchObject({
      tcp: { port: 1883 },
    });
  });

  it('plans a managed database with provisioned connection values', () => {
    const doc = docOf(
      { name: 'db', kind: 'managed', template: 'postgres' },
      customNode('api', { env: { H: '${db.host}', P: '${db.password}' }, dependsOn: ['db'] }),
    );
    const plan = planDeployment(valid(doc));
    expect(plan.nodes[0]).toMatchObject({ kind: 'managed', engine: 'postgres', version: '16' });
    expect(container(plan.nodes, 'api').env).toEqual({
      H: [{ provisioned: 'db.host' }],
      P: [{ secret: 'db.password' }],
    });
  });

  it('marks init nodes to run until they succeed, others to always restart', () => {
    const plan = planDeployment(valid(exampleDoc()));
    expect(container(plan.nodes, 'migrate').restart).toBe('until-success');
    expect(container(plan.nodes, 'web').restart).toBe('always');
  });

  it('sums resources over nodes × replicas, with catalog and default resources', () => {
    const doc = exampleDoc();
    doc.nodes[2].replicas = 3;
    const plan = planDeployment(valid(doc));
    // db 500m/512Mi (catalog) + migrate 250m/256Mi (default) + web 3 × 500m/256Mi
    expect(plan.totals).toEqual({ cpuMillicores: 500 + 250 + 1500, memoryMi: 512 + 256 + 768 });
  });

  it('throws on a spec with a cycle: plans are made from valid specs only', () => {
    const spec = {
      specVersion: 1,
      nodes: [customNode('a', { dependsOn: ['b'] }), customNode('b', { dependsOn: ['a'] })],
    } as AppSpec;
    expect(() => planDeployment(spec)).toThrow(/cycle/);
  });
});

describe('planDeployment with names that are also Object.prototype names', () => {
  it('does not take a parameter value from the prototype of the values object', () => {
    const doc = {
      parameters: [{ name: 'constructor', type: 'string' }],
      nodes: [customNode('web', { env: { A: '${params.constructor}' } })],
    };
    expect(container(planDeployment(valid(doc), { params: {} }).nodes, 'web').env.A).toEqual([
      { param: 'constructor' },
    ]);
  });
});
