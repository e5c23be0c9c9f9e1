import { describe, expect, it } from 'vitest';
import { customNode, docOf, errorsOf, messagesAt } from './testing/spec-fixtures.js';

describe('validateAppSpec: node names and deploy order (domain.md §2)', () => {
  it('requires node names to be DNS labels of 1–63 lower-case characters', () => {
    expect(errorsOf(docOf(customNode('a')))).toEqual([]);
    for (const bad of ['Web', 'web_1', '-web', 'web-', 'we.b']) {
      const [message] = messagesAt(docOf(customNode(bad)), 'nodes[0].name');
      expect(message, bad).toContain('lower-case letters, digits and hyphens');
    }
  });

  it('refuses a node name used twice, pointing at the first one', () => {
    const doc = docOf(customNode('web'), customNode('api'), customNode('web'));
    expect(messagesAt(doc, 'nodes[2].name')).toEqual([
      '"web" is already the name of nodes[0]: node names must be unique',
    ]);
  });

  it('reserves the node name "params" for parameter references', () => {
    expect(messagesAt(docOf(customNode('params')), 'nodes[0].name')[0]).toContain('reserved');
  });

  it('refuses dependsOn naming a node that does not exist, listing the nodes', () => {
    const doc = docOf(customNode('web', { dependsOn: ['api'] }), customNode('db'));
    expect(messagesAt(doc, 'nodes[0].dependsOn[0]')).toEqual([
      'names no node of this app: "api" does not exist (nodes: web, db)',
    ]);
  });

  it('refuses a node that depends on itself', () => {
    const doc = docOf(customNode('web', { dependsOn: ['web'] }));
    expect(messagesAt(doc, 'nodes[0].dependsOn[0]')).toEqual([
      'a node cannot depend on itself: remove it',
    ]);
  });

  it('refuses a dependency listed twice', () => {
    const doc = docOf(customNode('db'), customNode('web', { dependsOn: ['db', 'db'] }));
    expect(messagesAt(doc, 'nodes[1].dependsOn[1]')).toEqual(['lists "db" twice: remove one']);
  });

  it('refuses a cycle and names its nodes in order: db → migrate → db', () => {
    const doc = docOf(
      customNode('db', { dependsOn: ['migrate'] }),
      customNode('migrate', { dependsOn: ['db'] }),
    );
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('nodes[0].dependsOn[0]');
    expect(errors[0]?.message).toMatch(
      /^dependency cycle db → migrate → db: .*remove one of these dependsOn entries$/,
    );
  });

  it('names each independent cycle once', () => {
    const doc = docOf(
      customNode('a', { dependsOn: ['b'] }),
      customNode('b', { dependsOn: ['c'] }),
      customNode('c', { dependsOn: ['a'] }),
      customNode('x', { dependsOn: ['y'] }),
      customNode('y', { dependsOn: ['x'] }),
      customNode('free', { dependsOn: ['a'] }),
    );
    expect(errorsOf(doc).map((e) => e.message.split(':')[0])).toEqual([
      'dependency cycle a → b → c → a',
      'dependency cycle x → y → x',
    ]);
  });

  it('accepts nodes with no path between them (they deploy in parallel)', () => {
    const doc = docOf(customNode('a'), customNode('b'), customNode('c', { dependsOn: ['a', 'b'] }));
    expect(errorsOf(doc)).toEqual([]);
  });
});
