import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, VersionResponse } from '@berth/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
  type SeenRequest,
} from '../testing/run-cli-in-process.js';

const appYaml = `apiVersion: berth/v1
kind: App
metadata: { name: shop, distribution: instance, deployment: edge-hosted }
version: 1.0.0
spec:
  nodes:
    - name: web
      kind: custom
      image: acme/web:1.0.0
      ports:
        - { name: http, port: 8080 }
`;

const shop: App = {
  name: 'shop',
  displayName: null,
  distribution: 'instance',
  deployment: 'edge-hosted',
  os: 'linux',
  createdAt: '2025-01-01T00:00:00.000Z',
  latestVersion: null,
};
const draft: VersionResponse = {
  app: 'shop',
  version: '1.0.0',
  kind: 'initial',
  from: null,
  state: 'draft',
  spec: { specVersion: 1, nodes: [] },
  createdAt: '2025-01-01T00:00:00.000Z',
  publishedAt: null,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-apply-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(text: string, name = 'app.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A server where nothing exists yet, whose PUT of the spec answers `put`. */
function emptyServer(put: () => Response) {
  let created = false;
  return (request: SeenRequest): Response => {
    const route = `${request.method} ${request.path.split('?')[0]}`;
    if (route === 'GET /api/v1/apps/shop') return problemAnswer(404, 'not_found');
    if (route === 'POST /api/v1/apps') return jsonAnswer(201, shop);
    if (route === 'GET /api/v1/apps/shop/versions/1.0.0')
      return created ? jsonAnswer(200, draft, { etag: '"e1"' }) : problemAnswer(404, 'not_found');
    if (route === 'GET /api/v1/apps/shop/versions')
      return jsonAnswer(200, { items: [], nextCursor: null });
    if (route === 'POST /api/v1/apps/shop/versions') {
      created = true;
      return jsonAnswer(201, draft);
    }
    if (route === 'PUT /api/v1/apps/shop/versions/1.0.0/spec') return put();
    return problemAnswer(500, 'unexpected_route');
  };
}

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

describe('berth apply', () => {
  it('creates the app and the draft, puts the spec with If-Match and says what it did', async () => {
    const file = fileWith(appYaml);
    const updated = { ...draft, spec: { specVersion: 1, nodes: [{}] } };
    const run = await berth(['apply', '-f', file], {
      answer: emptyServer(() => jsonAnswer(200, updated, { etag: '"e2"' })),
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'created app shop (instance × edge-hosted)',
        'created draft shop 1.0.0 (initial)',
        'updated draft shop 1.0.0 (1 node)',
        '',
      ].join('\n'),
    );
    const put = run.requests.find((r) => r.method === 'PUT');
    expect(put?.headers['if-match']).toBe('"e1"');
    expect(put?.body).toEqual({
      nodes: [
        {
          name: 'web',
          kind: 'custom',
          image: 'acme/web:1.0.0',
          ports: [{ name: 'http', port: 8080 }],
        },
      ],
    });
  });

  it('prints each refused field as FILE:LINE:COLUMN  path  message and exits 7', async () => {
    const file = fileWith(appYaml);
    const errors = [
      { path: 'nodes[0].ports[0].port', in: 'body', message: 'is taken' },
      { path: 'nodes[0].health', in: 'body', message: 'is required' },
    ];
    const run = await berth(['apply', '-f', file], {
      answer: emptyServer(() => problemAnswer(422, 'validation_failed', { errors })),
    });

    expect(run.code).toBe(7);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `error: The server refused ${file}: validation_failed detail`,
        `${file}:11:25  nodes[0].ports[0].port  is taken`,
        `${file}:7:7  nodes[0].health  is required`,
        '',
      ].join('\n'),
    );
  });

  it('puts line and column into the problem it prints with -o json', async () => {
    const file = fileWith(
      JSON.stringify(
        {
          apiVersion: 'berth/v1',
          kind: 'App',
          metadata: { name: 'shop', distribution: 'instance', deployment: 'edge-hosted' },
          version: '1.0.0',
          spec: { nodes: [] },
        },
        null,
        2,
      ),
      'app.json',
    );
    const errors = [{ path: 'nodes', in: 'body', message: 'must have at least 1 item' }];
    const run = await berth(['apply', '-f', file, '-o', 'json'], {
      answer: emptyServer(() => problemAnswer(422, 'validation_failed', { errors })),
    });
    const problem = JSON.parse(run.stderr.trimEnd().split('\n').at(-1) ?? '');

    expect(run.code).toBe(7);
    expect(problem).toMatchObject({
      status: 422,
      requestId: 'req-1',
      errors: [{ path: 'nodes', message: 'must have at least 1 item', line: 11, column: 5, file }],
    });
  });

  it('checks the file before it connects: a bare spec is not an app file', async () => {
    const run = await berth(['apply', '-f', fileWith('nodes: []\n', 'spec.yaml')]);

    expect(run.code).toBe(7);
    expect(run.requests).toEqual([]);
    expect(run.stderr).toMatch(/spec\.yaml:1:1 {2}\(document\) {2}is a bare app spec: apply needs/);
  });

  it('reports envelope errors at their line without sending anything', async () => {
    const file = fileWith(appYaml.replace('version: 1.0.0', 'version: latest'));
    const run = await berth(['apply', '-f', file]);

    expect(run.code).toBe(7);
    expect(run.requests).toEqual([]);
    expect(run.stderr).toContain(
      `${file}:4:1  version  must be a semantic version such as 1.4.0 or 2.0.0-rc.1`,
    );
  });

  it('exits 5 for a file that does not exist, and 2 for both --patch-of and --upgrade-of', async () => {
    const missing = await berth(['apply', '-f', join(dir, 'nope.yaml')]);
    const both = await berth([
      'apply',
      '-f',
      fileWith(appYaml),
      '--patch-of',
      '1.0.0',
      '--upgrade-of',
      '1.0.0',
    ]);

    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('No such file');
    expect(both.code).toBe(2);
  });

  it('reads the file from standard input with -f -', async () => {
    const run = await berth(['apply', '-f', '-'], {
      stdin: appYaml.replace('version: 1.0.0', 'version: nope'),
    });

    expect(run.stderr).toContain('<stdin>:4:1  version  ');
  });
});
