// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import { describe, expect, it } from 'vitest';
import { customNode, docOf, errorsOf, exampleDoc, messagesAt } from './testing/spec-fixtures.js';

const mysql = { name: 'db', kind: 'middleware', template: 'mysql', version: '8.0' };
const withEnv = (env: Record<string, string>, dependsOn = ['db']) =>
  docOf(
    mysql,
    customNode('api', { ports: [{ name: 'http', port: 8080 }] }),
    customNode('web', { env, dependsOn }),
  );

describe('validateAppSpec: ${…} references in env values', () => {
  it('accepts references to catalog connection fields of a middleware node it depends on', () => {
    const env = {
      H: '${db.host}',
      P: '${db.port}',
      U: '${db.user}',
      S: '${db.password}',
      D: '${db.database}',
      URL: '${db.url}',
    };
    expect(errorsOf(withEnv(env))).toEqual([]);
  });

  it('accepts host, port (the first port) and ports.<name> of a custom node', () => {
    const env = { A: 'http://${api.host}:${api.port}', B: '${api.ports.http}' };
    expect(errorsOf(withEnv(env, ['db', 'api']))).toEqual([]);
  });

  it('refuses a reference to a node that does not exist, listing the nodes', () => {
    expect(messagesAt(withEnv({ X: '${cache.host}' }), 'nodes[2].env.X')).toEqual([
      'references node "cache", which does not exist (nodes: db, api, web)',
    ]);
  });

  it('refuses a field the node does not offer, listing what it offers', () => {
    expect(messagesAt(withEnv({ X: '${db.pass}' }), 'nodes[2].env.X')).toEqual([
      'node db (middleware mysql) offers host, port, user, password, database, url, ports.mysql; "pass" is not one of them',
    ]);
  });

  it('refuses ${x.port} of a custom node that declares no ports', () => {
    const doc = docOf(
      customNode('worker'),
      customNode('web', { env: { X: '${worker.port}' }, dependsOn: ['worker'] }),
    );
    expect(messagesAt(doc, 'nodes[1].env.X')[0]).toContain('(it declares no ports)');
  });

  it('refuses references to an init node: it has finished when others run', () => {
    const doc = docOf(
      customNode('migrate', { kind: 'init' }),
      customNode('web', { env: { X: '${migrate.host}' }, dependsOn: ['migrate'] }),
    );
    expect(messagesAt(doc, 'nodes[1].env.X')[0]).toContain('an init node');
  });

  it('refuses a reference to a node the referencing node does not depend on, saying what to add', () => {
    expect(messagesAt(withEnv({ X: '${db.host}' }, []), 'nodes[2].env.X')).toEqual([
      'references db, which web does not depend on: add "db" to dependsOn (directly or through a node it depends on) so db is deployed first',
    ]);
  });

  it('accepts a reference through a transitive dependency (web → migrate → db)', () => {
    expect(errorsOf(exampleDoc())).toEqual([]);
  });

  it('accepts a node referencing its own ports', () => {
    const doc = docOf(
      customNode('web', { ports: [{ name: 'http', port: 80 }], env: { SELF: '${web.port}' } }),
    );
    expect(errorsOf(doc)).toEqual([]);
  });

  it('accepts ${params.name} of a declared parameter and refuses an undeclared one', () => {
    const doc = {
      parameters: [{ name: 'site', type: 'string' }],
      nodes: [customNode('web', { env: { A: '${params.site}', B: '${params.zone}' } })],
    };
    expect(errorsOf(doc)).toEqual([
      {
        path: 'nodes[0].env.B',
        message:
          'references parameter "zone", which is not declared under parameters (parameters: site)',
      },
    ]);
  });

  it('treats $${ as a literal ${ and a lone $ as text', () => {
    const doc = docOf(
      customNode('web', { env: { A: 'price: $${amount}', B: 'pa$$word', C: '$HOME' } }),
    );
    expect(errorsOf(doc)).toEqual([]);
  });

  it('refuses an unterminated ${ and something that is not a reference, saying how to escape', () => {
    const doc = docOf(customNode('web', { env: { A: '${db.host', B: '${not a ref}' } }));
    expect(messagesAt(doc, 'nodes[0].env.A')[0]).toContain('without a closing "}"');
    expect(messagesAt(doc, 'nodes[0].env.B')[0]).toContain('write ${node.field} or ${params.name}');
  });
});
