import { describe, expect, it } from 'vitest';
import { customNode, docOf, errorsOf, exampleDoc, messagesAt } from './testing/spec-fixtures.js';

/** R14: shell syntax in every name and path is refused; inside argv it is a literal. */
const hostile = ['$(id)', '`id`', 'a;reboot', 'a\nb', '--flag', 'a b', 'a\0b'];

describe('validateAppSpec: injection (reliability R14)', () => {
  it.each(hostile)('refuses %j as a node name, at the name', (value) => {
    expect(messagesAt(docOf(customNode('web', { name: value })), 'nodes[0].name')).toHaveLength(1);
  });

  it('says why a name with shell syntax is refused', () => {
    expect(messagesAt(docOf(customNode('web', { name: '$(id)' })), 'nodes[0].name')[0]).toMatch(
      /^must not contain shell syntax/,
    );
    expect(messagesAt(docOf(customNode('web', { name: '--flag' })), 'nodes[0].name')[0]).toMatch(
      /^must not start with "-"/,
    );
    expect(messagesAt(docOf(customNode('web', { name: 'a\nb' })), 'nodes[0].name')[0]).toMatch(
      /^must not contain newlines/,
    );
  });

  it.each(hostile)('refuses %j in an image reference', (value) => {
    for (const image of [value, `acme/web:${value}`, `${value}/web:1.0`])
      expect(messagesAt(docOf(customNode('web', { image })), 'nodes[0].image'), image).toHaveLength(
        1,
      );
  });

  it.each(hostile)('refuses %j as an env name, at the quoted key', (value) => {
    const doc = docOf(customNode('web', { env: { [value]: 'x' } }));
    expect(errorsOf(doc).map((e) => e.path)).toEqual([`nodes[0].env[${JSON.stringify(value)}]`]);
  });

  it.each(hostile)('refuses %j in paths (logPath, mountPath, health path)', (value) => {
    const doc = docOf(
      customNode('web', {
        ports: [{ name: 'http', port: 80 }],
        logPath: `/var/log/${value}`,
        volumes: [{ name: 'data', mountPath: `/data/${value}` }],
        health: { http: { path: `/${value}`, port: 80 } },
      }),
    );
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toEqual([
      'nodes[0].health.http.path',
      'nodes[0].logPath',
      'nodes[0].volumes[0].mountPath',
    ]);
  });

  it.each(hostile)(
    'refuses %j in other names: ports, volumes, parameters, dependsOn, templates',
    (value) => {
      const doc = exampleDoc();
      doc.nodes[2].ports[1].name = value;
      doc.nodes[2].volumes[0].name = value;
      doc.parameters[0].name = value;
      doc.nodes[2].dependsOn[0] = value;
      doc.nodes[0].template = value;
      doc.permissions[0] = value;
      const paths = new Set(errorsOf(doc).map((e) => e.path));
      for (const p of [
        'nodes[2].ports[1].name',
        'nodes[2].volumes[0].name',
        'parameters[0].name',
        'nodes[2].dependsOn[0]',
        'nodes[0].template',
        'permissions[0]',
      ])
        expect(paths.has(p), p).toBe(true);
    },
  );

  it('accepts the same strings inside command and args as literal argv items', () => {
    const argv = hostile.filter((s) => !s.includes('\0'));
    const doc = docOf(customNode('web', { command: ['/bin/app', ...argv], args: argv }));
    const result = errorsOf(doc);
    expect(result).toEqual([]);
  });

  it('refuses only NUL inside argv (no program can receive it)', () => {
    expect(
      messagesAt(
        docOf(customNode('web', { command: ['/bin/app', 'a\0b'] })),
        'nodes[0].command[1]',
      ),
    ).toEqual(['must not contain NUL characters']);
  });

  it('accepts shell syntax in env values: they are data, never run by a shell', () => {
    expect(errorsOf(docOf(customNode('web', { env: { A: '$(id); `id` --flag\nnext' } })))).toEqual(
      [],
    );
  });
});
