import { describe, expect, it } from 'vitest';
import { customNode, errorsOf, exampleDoc, messagesAt } from './testing/spec-fixtures.js';

describe('validateAppSpec: declarations of a version (domain.md §3)', () => {
  it('accepts permissions, data models with read | create+read | crud and subscribe', () => {
    const doc = exampleDoc();
    doc.dataModels = [
      { model: 'a', version: '1.0', permission: 'read' },
      { model: 'b', version: '1.0', permission: 'create+read', subscribe: false },
      { model: 'c', version: '2.1', permission: 'crud', subscribe: true },
    ];
    expect(errorsOf(doc)).toEqual([]);
  });

  it('refuses another data-model permission, naming the three', () => {
    const doc = exampleDoc();
    doc.dataModels[0].permission = 'write';
    expect(messagesAt(doc, 'dataModels[0].permission')).toEqual([
      'must be one of: read, create+read, crud',
    ]);
  });

  it('refuses a permission or a data model declared twice', () => {
    const doc = exampleDoc();
    doc.permissions.push('device.query');
    doc.dataModels.push({ ...doc.dataModels[0] });
    expect(messagesAt(doc, 'permissions[2]')[0]).toContain('already declared at permissions[0]');
    expect(messagesAt(doc, 'dataModels[1].model')[0]).toContain(
      'already declared at dataModels[0].model',
    );
  });

  it('requires a service dependency to name at least one operation', () => {
    const doc = exampleDoc();
    doc.services.depends[0].operations = [];
    expect(messagesAt(doc, 'services.depends[0].operations')[0]).toContain(
      'at least one operation',
    );
  });

  it('maps a service provision to a custom node that exists', () => {
    const doc = exampleDoc();
    doc.services.provides[0].node = 'api';
    expect(messagesAt(doc, 'services.provides[0].node')[0]).toContain('"api" does not exist');
    doc.services.provides[0].node = 'db';
    expect(messagesAt(doc, 'services.provides[0].node')).toEqual([
      'must be a custom node: db is a middleware node',
    ]);
  });

  it('maps a service provision to a port of the node that is NOT exposed', () => {
    const doc = exampleDoc();
    doc.services.provides[0].port = 'http';
    expect(messagesAt(doc, 'services.provides[0].port')[0]).toContain(
      'must be a port that is not exposed',
    );
    doc.services.provides[0].port = 9000;
    expect(errorsOf(doc)).toEqual([]);
    doc.services.provides[0].port = 'grpc';
    expect(messagesAt(doc, 'services.provides[0].port')[0]).toContain('names no port of node web');
  });

  it('points the login-free path at an exposed port of an existing node', () => {
    const doc = exampleDoc();
    doc.loginFree.port = 'api';
    expect(messagesAt(doc, 'loginFree.port')[0]).toContain('must be an exposed port');
    doc.loginFree.node = 'ghost';
    expect(messagesAt(doc, 'loginFree.node')[0]).toContain('"ghost" does not exist');
  });

  it('accepts the api.md example, server instance included, for every distribution', () => {
    const doc = exampleDoc();
    expect(errorsOf(doc)).toEqual([]);
    for (const distribution of ['account', 'instance', 'once'] as const)
      expect(errorsOf(doc, distribution)).toEqual([]);
  });

  it('refuses a server instance URL with credentials, query or shell syntax', () => {
    for (const url of [
      'https://u:p@x.example.com',
      'https://x.example.com/?a=1',
      'ftp://x.example.com',
      'https://$(id).example.com',
    ]) {
      const doc = exampleDoc();
      doc.serverInstance.url = url;
      expect(messagesAt(doc, 'serverInstance.url'), url).toHaveLength(1);
    }
  });
});

describe('validateAppSpec: parameters', () => {
  const withParams = (...parameters: unknown[]) => ({ parameters, nodes: [customNode('web')] });

  it('accepts the parameters of api.md', () => {
    expect(errorsOf(exampleDoc())).toEqual([]);
  });

  it('requires identifiers as names', () => {
    const doc = withParams({ name: 'my-site', type: 'string' });
    expect(messagesAt(doc, 'parameters[0].name')[0]).toContain('letters, digits and "_"');
  });

  it('requires parameter names to be unique', () => {
    const doc = withParams({ name: 'site', type: 'string' }, { name: 'site', type: 'number' });
    expect(messagesAt(doc, 'parameters[1].name')[0]).toContain('already the name of parameters[0]');
  });

  it('requires the default to have the declared type', () => {
    const doc = withParams({ name: 'port', type: 'number', default: '80' });
    expect(messagesAt(doc, 'parameters[0].default')).toEqual([
      "must be a number, like the parameter's type",
    ]);
  });

  it('requires the default to match the pattern, and the pattern to compile', () => {
    expect(
      messagesAt(
        withParams({ name: 's', type: 'string', default: 'North', pattern: '^[a-z]+$' }),
        'parameters[0].default',
      )[0],
    ).toContain('does not match');
    expect(
      messagesAt(
        withParams({ name: 's', type: 'string', pattern: '([a-z' }),
        'parameters[0].pattern',
      )[0],
    ).toContain('not a valid regular expression');
  });

  it('gives patterns to string parameters only', () => {
    expect(
      messagesAt(
        withParams({ name: 'n', type: 'number', pattern: '^1$' }),
        'parameters[0].pattern',
      )[0],
    ).toContain('only string parameters');
  });

  it('refuses a default on a secret parameter', () => {
    expect(
      messagesAt(
        withParams({ name: 'pw', type: 'string', secret: true, default: 'x' }),
        'parameters[0].default',
      )[0],
    ).toContain('cannot have a default');
  });
});
