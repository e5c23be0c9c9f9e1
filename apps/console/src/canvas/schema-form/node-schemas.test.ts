import { describe, expect, it } from 'vitest';
import { nodeFields, shapeOf } from './node-schemas.js';

const shapes = (kind: string) =>
  Object.fromEntries(nodeFields(kind).map(([key, schema]) => [key, shapeOf(schema)]));

describe('the node schemas the properties form is generated from', () => {
  it('edits every field of a custom node by its shape in the published schema', () => {
    expect(shapes('custom')).toEqual({
      name: 'text',
      image: 'text',
      command: 'list',
      args: 'list',
      ports: 'rows',
      hostNetwork: 'boolean',
      env: 'map',
      resources: 'group',
      replicas: 'number',
      health: 'group',
      logPath: 'text',
      volumes: 'rows',
      dependsOn: 'list',
      security: 'group',
    });
  });

  it('knows each kind by its own schema', () => {
    expect(Object.keys(shapes('init'))).toEqual(Object.keys(shapes('custom')));
    expect(shapes('middleware')).toMatchObject({
      template: 'text',
      params: 'other',
      ports: 'rows',
    });
    expect(Object.keys(shapes('managed'))).toEqual(['name', 'template', 'version', 'dependsOn']);
  });

  it('shows a list of catalog choices as a select', () => {
    const [, ports] = nodeFields('custom').find(([key]) => key === 'ports') ?? [];
    const cells = ports?.items?.properties ?? {};
    expect(Object.fromEntries(Object.entries(cells).map(([k, s]) => [k, shapeOf(s)]))).toEqual({
      name: 'text',
      port: 'number',
      protocol: 'enum',
      expose: 'boolean',
      serviceType: 'enum',
      hostPort: 'number',
    });
  });
});
