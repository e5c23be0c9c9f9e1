// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import { describe, expect, it } from 'vitest';
import { docOf, errorsOf, messagesAt } from './testing/spec-fixtures.js';

const mw = (extra: Record<string, unknown>) => ({
  name: 'db',
  kind: 'middleware',
  template: 'mysql',
  version: '8.0',
  ...extra,
});

describe('validateAppSpec: middleware nodes against the catalog', () => {
  it('accepts a catalog template with one of its tags and known params', () => {
    expect(errorsOf(docOf(mw({ params: { database: 'parking', user: 'parking' } })))).toEqual([]);
  });

  it('refuses a template the catalog does not have, listing the catalog', () => {
    expect(messagesAt(docOf(mw({ template: 'oracle' })), 'nodes[0].template')).toEqual([
      'is not in the middleware catalog: choose one of mysql, postgresql, redis, mongodb, sqlserver, rabbitmq, mosquitto, nginx',
    ]);
  });

  it('refuses a version that is not one of the catalog tags, listing them', () => {
    expect(messagesAt(docOf(mw({ version: '5.7' })), 'nodes[0].version')).toEqual([
      'MySQL is offered in versions 8.0, 8.4',
    ]);
  });

  it('refuses a param the catalog entry does not know, listing the known ones', () => {
    expect(
      messagesAt(docOf(mw({ params: { charset: 'utf8' } })), 'nodes[0].params.charset'),
    ).toEqual([
      'mysql has no parameter "charset": its parameters are database, user, password, rootPassword',
    ]);
  });

  it('refuses a param of the wrong type', () => {
    expect(
      messagesAt(docOf(mw({ params: { database: 42 } })), 'nodes[0].params.database')[0],
    ).toMatch(/^must be a string/);
  });

  it('refuses a literal that the catalog pattern forbids (values reach the image’s SQL)', () => {
    expect(
      messagesAt(docOf(mw({ params: { database: 'x`; drop' } })), 'nodes[0].params.database')[0],
    ).toMatch(/^must match/);
    expect(messagesAt(docOf(mw({ params: { user: 'root' } })), 'nodes[0].params.user')[0]).toMatch(
      /^must match/,
    );
  });

  it('refuses a secret written as a literal: it would be readable by everyone who reads the version', () => {
    expect(
      messagesAt(docOf(mw({ params: { password: 'hunter2' } })), 'nodes[0].params.password')[0],
    ).toContain('leave it out to have one generated per instance');
  });

  it('accepts a secret taken from a secret parameter, and refuses one from a plain parameter', () => {
    const doc = (secret: boolean) => ({
      parameters: [{ name: 'dbPassword', type: 'string', secret }],
      nodes: [mw({ params: { password: '${params.dbPassword}' } })],
    });
    expect(errorsOf(doc(true))).toEqual([]);
    expect(messagesAt(doc(false), 'nodes[0].params.password')[0]).toContain(
      'must be declared secret: true',
    );
  });

  it('refuses node references in middleware params', () => {
    const doc = docOf(mw({ params: { database: '${web.host}' } }));
    expect(messagesAt(doc, 'nodes[0].params.database')[0]).toContain('may not reference nodes');
  });
});

describe('validateAppSpec: managed nodes', () => {
  it('accepts postgres and mysql with an offered version', () => {
    expect(
      errorsOf(docOf({ name: 'db', kind: 'managed', template: 'postgres', version: '16' })),
    ).toEqual([]);
    expect(errorsOf(docOf({ name: 'db', kind: 'managed', template: 'mysql' }))).toEqual([]);
  });

  it('refuses an engine the platform does not manage', () => {
    expect(
      messagesAt(docOf({ name: 'db', kind: 'managed', template: 'mongodb' }), 'nodes[0].template'),
    ).toEqual(['is not an engine of managed databases: use one of postgres, mysql']);
  });

  it('refuses a version the engine does not offer', () => {
    expect(
      messagesAt(
        docOf({ name: 'db', kind: 'managed', template: 'postgres', version: '9.6' }),
        'nodes[0].version',
      )[0],
    ).toContain('15, 16, 17');
  });

  it('refuses container fields on a managed node', () => {
    expect(
      messagesAt(
        docOf({ name: 'db', kind: 'managed', template: 'postgres', image: 'x:1' }),
        'nodes[0].image',
      ),
    ).toEqual(['is not a known field of managed nodes']);
  });
});
