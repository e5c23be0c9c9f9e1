import { describe, expect, it } from 'vitest';
import { appSpecExample } from './app-spec-example.js';
import { customNode, docOf, errorsOf, exampleDoc, messagesAt } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

describe('validateAppSpec: the shape of the document', () => {
  it('accepts the api.md example and returns it in the current shape', () => {
    const result = validateAppSpec(appSpecExample);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.spec.nodes?.map((n) => n.name)).toEqual(['db', 'migrate', 'web']);
  });

  it('accepts an empty document (apps that run outside Berth have no nodes)', () => {
    const result = validateAppSpec({});
    expect(result).toEqual({ ok: true, spec: { specVersion: 1 } });
  });

  it('refuses what is not an object at the root path ""', () => {
    for (const input of [null, 42, 'nodes: []', [], undefined])
      expect(errorsOf(input)).toEqual([
        { path: '', message: 'must be an object: the app spec document' },
      ]);
  });

  it('refuses an unknown field at its own path', () => {
    const doc = exampleDoc();
    doc.nodes[2].privileged = true;
    doc.extra = 1;
    expect(messagesAt(doc, 'nodes[2].privileged')).toEqual([
      'is not a known field of custom nodes',
    ]);
    expect(messagesAt(doc, 'extra')).toEqual(['is not a known field']);
  });

  it('refuses a field of another node kind (template on a custom node)', () => {
    const doc = docOf(customNode('web', { template: 'mysql' }));
    expect(messagesAt(doc, 'nodes[0].template')).toEqual(['is not a known field of custom nodes']);
  });

  it('names the node kinds when kind is missing or unknown', () => {
    const doc = docOf({ name: 'a' }, { name: 'b', kind: 'vm' });
    expect(messagesAt(doc, 'nodes[0].kind')[0]).toBe(
      'is required (one of: custom, middleware, managed, init)',
    );
    expect(messagesAt(doc, 'nodes[1].kind')[0]).toBe(
      'must be one of: custom, middleware, managed, init',
    );
  });

  it('reports a missing required field as "is required" at its path', () => {
    expect(messagesAt(docOf({ name: 'web', kind: 'custom' }), 'nodes[0].image')).toEqual([
      'is required',
    ]);
  });

  it('reports a wrong type in words', () => {
    expect(messagesAt(docOf(customNode('web', { replicas: '2' })), 'nodes[0].replicas')).toEqual([
      'must be a number, not a string',
    ]);
    expect(messagesAt(docOf(customNode('web', { replicas: 1.5 })), 'nodes[0].replicas')).toEqual([
      'must be a whole number',
    ]);
  });

  it('quotes keys that are not identifiers in paths: nodes[0].env["MY-VAR"]', () => {
    const doc = docOf(customNode('web', { env: { 'MY-VAR': 'x' } }));
    expect(errorsOf(doc).map((e) => e.path)).toEqual(['nodes[0].env["MY-VAR"]']);
  });

  it('asks to quote env values that YAML parsed as numbers', () => {
    const doc = docOf(customNode('web', { env: { PORT: 8080 } }));
    expect(messagesAt(doc, 'nodes[0].env.PORT')[0]).toContain('quote numbers');
  });

  it('asks to quote a middleware version that YAML parsed as a number', () => {
    const doc = docOf({ name: 'db', kind: 'middleware', template: 'mysql', version: 8 });
    expect(messagesAt(doc, 'nodes[0].version')[0]).toContain('"8.0"');
  });

  it('bounds arrays: at most 500 nodes', () => {
    const nodes = Array.from({ length: 501 }, (_, i) => customNode(`n${i}`));
    expect(messagesAt(docOf(...nodes), 'nodes')).toEqual(['must have at most 500 items']);
  });

  it('bounds strings: a 64-character node name is refused', () => {
    expect(messagesAt(docOf(customNode('a'.repeat(64))), 'nodes[0].name')).toEqual([
      'must be at most 63 characters',
    ]);
  });

  it('refuses a command written as a shell string: command is an argv array', () => {
    const doc = docOf(customNode('web', { command: '/app/run --port 80' }));
    expect(messagesAt(doc, 'nodes[0].command')).toEqual(['must be an array, not a string']);
  });

  it('checks the shape before the rules: a shape error hides rule errors until it is fixed', () => {
    const doc = docOf(customNode('web', { dependsOn: ['nowhere'], replicas: 0 }));
    expect(errorsOf(doc).map((e) => e.path)).toEqual(['nodes[0].replicas']);
  });
});
