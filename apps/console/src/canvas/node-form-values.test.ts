import { describe, expect, it } from 'vitest';
import {
  formNameOf,
  fromFormValues,
  mebibytes,
  millicores,
  toFormValues,
} from './node-form-values.js';
import type { NodeDoc } from './spec-model.js';

describe('the properties form of a node', () => {
  it('gives back the node it was filled from, fields it does not show included', () => {
    const node: NodeDoc = {
      name: 'web',
      kind: 'custom',
      image: 'acme/web:1',
      command: ['/bin/web', '--port', '8080'],
      ports: [{ name: 'http', port: 8080, expose: true, serviceType: 'LoadBalancer' }],
      env: { DB_URL: '${db.url}', SITE: '${params.site}' },
      resources: { cpu: '500m', memory: '256Mi' },
      replicas: 2,
      health: { http: { path: '/healthz', port: 'http' }, intervalSeconds: 5 },
      logPath: '/var/log/web',
      volumes: [{ name: 'data', mountPath: '/data' }],
      dependsOn: ['db'],
      security: { capabilities: ['NET_ADMIN'] },
    };
    expect(fromFormValues(node, toFormValues(node))).toEqual(node);
  });

  it('writes resources in m and Mi, and a numeric health port as a number', () => {
    const node: NodeDoc = { name: 'web', kind: 'custom', image: 'acme/web:1' };
    const values = {
      ...toFormValues(node),
      cpu: 250,
      memory: 1024,
      healthType: 'tcp',
      healthPort: '8080',
    };
    expect(fromFormValues(node, values)).toMatchObject({
      resources: { cpu: '250m', memory: '1024Mi' },
      health: { tcp: { port: 8080 } },
    });
    expect([millicores('0.5'), millicores('1500m'), mebibytes('1Gi'), mebibytes('12M')]).toEqual([
      500,
      1500,
      1024,
      undefined,
    ]);
  });

  it('keeps a middleware node on its template, with only the parameters set', () => {
    const node: NodeDoc = { name: 'mysql', kind: 'middleware', template: 'mysql', version: '8.4' };
    const values = {
      ...toFormValues(node),
      version: '8.0',
      params: { database: 'shop', user: '' },
    };
    expect(fromFormValues(node, values)).toEqual({
      name: 'mysql',
      kind: 'middleware',
      template: 'mysql',
      version: '8.0',
      params: { database: 'shop' },
    });
  });

  it('writes the generated host-access fields, and drops the group when they are emptied', () => {
    const node: NodeDoc = { name: 'edge', kind: 'custom', image: 'acme/edge:1' };
    const values = toFormValues(node);
    expect(values.security).toEqual({
      privileged: false,
      hostPID: false,
      capabilities: [],
      devices: [],
    });
    const granted = fromFormValues(node, {
      ...values,
      security: { privileged: false, hostPID: true, capabilities: ['NET_ADMIN'], devices: [] },
    });
    expect(granted.security).toEqual({ hostPID: true, capabilities: ['NET_ADMIN'] });
    const emptied = fromFormValues(granted, {
      ...toFormValues(granted),
      security: { hostPID: false, capabilities: [] },
    });
    expect(emptied).toEqual(node);
  });

  it('maps an error path to the field that shows it', () => {
    const node: NodeDoc = { name: 'web', kind: 'custom', env: { A: '1', 'MY-VAR': '${x.y}' } };
    expect(formNameOf(node, ['ports', 1, 'port'])).toEqual(['ports', 1, 'port']);
    expect(formNameOf(node, ['env', 'MY-VAR'])).toEqual(['env', 1, 'value']);
    expect(formNameOf(node, ['resources', 'memory'])).toEqual(['memory']);
    expect(formNameOf(node, ['health', 'http', 'port'])).toEqual(['healthPort']);
    expect(formNameOf(node, ['command', 0])).toEqual(['command']);
    expect(formNameOf(node, [])).toEqual(['name']);
    expect(formNameOf(node, ['security', 'capabilities', 0])).toEqual(['security', 'capabilities']);
    expect(formNameOf(node, ['volumes', 0])).toEqual(['volumes', 0, 'name']);
    expect(formNameOf({ name: 'db', kind: 'middleware' }, ['ports', 0])).toEqual([
      'ports',
      0,
      'name',
    ]);
  });
});
