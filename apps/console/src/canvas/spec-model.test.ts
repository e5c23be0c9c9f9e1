import { validateAppSpec } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import {
  addNode,
  connect,
  disconnect,
  edgesOf,
  newNode,
  placeErrors,
  removeNodes,
  replaceNode,
  type SpecDoc,
  uniqueName,
} from './spec-model.js';

const spec = (): SpecDoc => ({
  nodes: [
    { name: 'db', kind: 'middleware', template: 'mysql', version: '8.4' },
    { name: 'web', kind: 'custom', image: 'acme/web:1', dependsOn: ['db'] },
  ],
  loginFree: { path: '/oauth', node: 'web', port: 8080 },
});

describe('the spec model of the canvas', () => {
  it('names a new node with a DNS label no other node has', () => {
    expect(uniqueName('web', spec())).toBe('web-2');
    expect(uniqueName('init', spec())).toBe('init');
    const withTwo = addNode(spec(), { name: 'web-2', kind: 'custom' });
    expect(
      newNode({ kind: 'custom' }, addNode(withTwo, { name: 'app', kind: 'custom' })).name,
    ).toBe('app-2');
  });

  it('starts a middleware node at the newest tag its catalog entry offers', () => {
    expect(newNode({ kind: 'middleware', template: 'mysql' }, {})).toMatchObject({
      name: 'mysql',
      kind: 'middleware',
      template: 'mysql',
      version: '8.4',
    });
  });

  it('connects a node to what it deploys after, once, never to itself', () => {
    let s = addNode(spec(), { name: 'init', kind: 'init', image: 'acme/migrate:1' });
    s = connect(s, 1, 2);
    expect(s.nodes?.[1]?.dependsOn).toEqual(['db', 'init']);
    expect(connect(s, 1, 2)).toBe(s);
    expect(connect(s, 1, 1)).toBe(s);
    expect(edgesOf(s).map((e) => e.id)).toEqual(['1->db', '1->init']);
    expect(disconnect(s, 1, 'db').nodes?.[1]?.dependsOn).toEqual(['init']);
  });

  it('removes a node with the edges that pointed at it', () => {
    const s = removeNodes(spec(), [0]);
    expect(s.nodes).toEqual([{ name: 'web', kind: 'custom', image: 'acme/web:1' }]);
  });

  it('renames every reference when a node is renamed', () => {
    const s = replaceNode(spec(), 0, {
      name: 'mysql',
      kind: 'middleware',
      template: 'mysql',
      version: '8.4',
    });
    expect(s.nodes?.[1]?.dependsOn).toEqual(['mysql']);
    const t = replaceNode(spec(), 1, {
      name: 'site',
      kind: 'custom',
      image: 'acme/web:1',
      dependsOn: ['db'],
    });
    expect(t.loginFree).toEqual({ path: '/oauth', node: 'site', port: 8080 });
  });

  it("places the validator's errors on the node and field they name", () => {
    const outcome = validateAppSpec({
      nodes: [
        { name: 'web', kind: 'custom', image: 'acme/web:1', ports: [{ name: 'http', port: 0 }] },
      ],
      dataModels: [{ model: 'parking', version: '1', permission: 'write' }],
    });
    expect(outcome.ok).toBe(false);
    const placed = placeErrors(outcome.ok ? [] : outcome.errors);
    expect(placed).toContainEqual(
      expect.objectContaining({ node: 0, field: ['ports', 0, 'port'] }),
    );
    const declaration = placed.find((p) => p.path === 'dataModels[0].permission');
    expect(declaration?.node).toBeUndefined();
    expect(declaration?.field).toEqual(['dataModels', 0, 'permission']);
  });
});
