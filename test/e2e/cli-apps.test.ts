import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../../apps/server/src/testing/templates.js';
import { ServerProcess } from '../harness/server-process.js';
import { berthCli, problemOf } from './berth-cli.js';

/** `berth ARGS` with this file's config and home. */
const berth = (args: string[], options: { stdin?: string } = {}) =>
  berthCli(args, { home, config: configFile, ...options });

const adminPassword = 'a long harbour passphrase 1';
const devPassword = 'shipping containers 4 all';

let server: ServerProcess;
let home: string;
let configFile: string;
let work: string;

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../examples/${name}/app.yaml`, import.meta.url)), 'utf8');

/** Writes `text` into the work folder and returns its path. */
function write(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

/** Where `text` first occurs in `file` after the line with `after`: 1-based line and column. */
function positionOf(file: string, text: string, after: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes(after));
  const line = lines.findIndex((l, i) => i > start && l.includes(text));
  return { line: line + 1, column: (lines[line]?.indexOf(text) ?? 0) + 1 };
}

/** A file with one error of each source: the envelope, the spec's shape, and again the shape. */
const broken = `apiVersion: berth/v1
kind: App
metadata:
  name: broken
  distribution: instance
  deployment: edge-external
version: 1.0.0
spec:
  nodes:
    - name: web
      kind: custom
      image: registry.example.com/acme/web:1.0.0
      ports:
        - { name: http, port: 99999 }
    - name: worker
      kind: custom
      image: registry.example.com/acme/worker:1.0.0
      replicas: two
`;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'berth-cli-apps-'));
  configFile = join(home, 'berth', 'config.yaml');
  work = join(home, 'work');
  mkdirSync(work);
  server = await ServerProcess.start({ templates: templates(), adminPassword });
});

afterAll(async () => {
  await server?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('berth spec validate, offline', () => {
  it('finds both examples valid and prints their deploy order, with no server and no sign-in', async () => {
    const threeTier = await berth([
      'spec',
      'validate',
      '-f',
      write('shop.yaml', example('three-tier')),
    ]);
    const iot = await berth(['spec', 'validate', '-f', write('iot.yaml', example('iot-gateway'))]);

    expect(threeTier.code).toBe(0);
    expect(threeTier.stdout).toBe(
      'valid: 4 nodes in 4 levels\n  level 0: db\n  level 1: migrate\n  level 2: api\n  level 3: web\n',
    );
    expect(iot.code).toBe(0);
    expect(iot.stdout).toBe(
      'valid: 3 nodes in 2 levels\n  level 0: broker\n  level 1: bridge, processor\n',
    );
  });

  it('prints FILE:LINE:COLUMN  path  message for each error of a broken file and exits 7', async () => {
    const file = write('broken.yaml', broken);
    const run = await berth(['spec', 'validate', '-f', file]);

    expect(run.code).toBe(7);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^${file}:6:3  metadata\\.deployment  instance apps cannot be edge-external: `),
      ),
      `${file}:14:25  nodes[0].ports[0].port  must be between 1 and 65535`,
      `${file}:18:7  nodes[1].replicas  must be a number, not a string`,
      '',
    ]);
    expect(run.stderr).toBe(`error: ${file} is not valid: 3 errors\n`);
  });
});

// The tests below run in order, like one session: a developer signs in, applies the
// examples, edits, publishes, and runs into the rules of published versions and patches.
describe('berth apply and versions against a running server', () => {
  let shop: string;
  let iot: string;

  it('signs in a developer of an ISV account', async () => {
    const login = (args: string[], stdin: string) =>
      berth(['login', '--server', server.url, '--password-stdin', ...args], { stdin });
    const admin = await login(
      ['--username', 'admin', '--new-password-stdin', '--context', 'admin'],
      `${adminPassword}\n${adminPassword}-new\n`,
    );
    const account = await berth(['accounts', 'create', 'acme', '--type', 'isv']);
    const user = await berth(['users', 'create', 'alice', '--password-stdin'], {
      stdin: `${devPassword}\n`,
    });
    const member = await berth([
      'members',
      'set',
      'alice',
      '--role',
      'developer',
      '--account',
      'acme',
    ]);
    const dev = await login(
      ['--username', 'alice', '--context', 'alice', '--account', 'acme'],
      `${devPassword}\n`,
    );

    expect([admin.code, account.code, user.code, member.code, dev.code]).toEqual([0, 0, 0, 0, 0]);
  });

  it('applies both examples: creates each app and its first draft', async () => {
    shop = write('shop.yaml', example('three-tier'));
    iot = write('iot.yaml', example('iot-gateway'));
    const first = await berth(['apply', '-f', shop]);
    const second = await berth(['apply', '-f', iot, '-o', 'json']);

    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        'created app shop (instance × cloud-hosted)',
        'created draft shop 2.3.0 (initial)',
        'updated draft shop 2.3.0 (4 nodes)',
        '',
      ].join('\n'),
    );
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      actions: ['created-app', 'created-draft', 'updated-draft'],
      app: { name: 'iot-gateway', distribution: 'instance', deployment: 'edge-hosted' },
      version: { version: '1.2.0', state: 'draft', kind: 'initial' },
    });
  });

  it('updates the draft when the file changed and is applied again', async () => {
    writeFileSync(shop, readFileSync(shop, 'utf8').replace('replicas: 2', 'replicas: 3'));
    const run = await berth(['apply', '-f', shop]);
    const get = await berth(['versions', 'get', 'shop', '2.3.0', '-o', 'json']);
    const version = JSON.parse(get.stdout);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('updated draft shop 2.3.0 (4 nodes)\n');
    expect(version.spec.nodes.find((n: { name: string }) => n.name === 'api').replicas).toBe(3);
    expect(version.etag).toEqual(expect.any(String));
  });

  it('lists, shows, publishes a version, and refuses to apply to it again', async () => {
    const list = await berth(['versions', 'list', 'shop']);
    const yaml = await berth(['versions', 'get', 'shop', '2.3.0', '-o', 'yaml']);
    const table = await berth(['versions', 'get', 'shop', '2.3.0']);
    const publish = await berth(['versions', 'publish', 'shop', '2.3.0']);
    const again = await berth(['apply', '-f', shop]);

    expect(list.stdout).toMatch(
      /^VERSION\s+KIND\s+FROM\s+STATE\s+CREATED\s+PUBLISHED\n2\.3\.0\s+initial\s+<none>\s+draft\s/,
    );
    expect(yaml.stdout).toMatch(/^spec:\n {2}specVersion: 1\n/m);
    expect(yaml.stdout).toContain('image: registry.example.com/acme/shop-api:2.3.0');
    expect(table.stdout).toMatch(
      /^api\s+custom\s+registry\.example\.com\/acme\/shop-api:2\.3\.0\s+http:9000\s+migrate$/m,
    );
    expect(publish.code).toBe(0);
    expect(publish.stdout).toMatch(/^2\.3\.0\s+initial\s+<none>\s+published\s/m);
    expect(again.code).toBe(6);
    expect(again.stderr).toBe(
      `error: Version 2.3.0 of app "shop" is published and can no longer change: bump "version:" in ${shop} (e.g. to 2.3.1) and apply again\n`,
    );
  });

  it('makes an upgrade of the newest version for a new version:, and diffs the two', async () => {
    const upgraded = readFileSync(shop, 'utf8')
      .replace('version: 2.3.0', 'version: 2.4.0')
      .replace('acme/shop-api:2.3.0', 'acme/shop-api:2.4.0');
    writeFileSync(shop, upgraded);
    const apply = await berth(['apply', '-f', shop]);
    const diff = await berth(['versions', 'diff', 'shop', '2.3.0', '2.4.0']);
    const json = await berth(['versions', 'diff', 'shop', '2.3.0', '2.4.0', '-o', 'json']);

    expect(apply.code).toBe(0);
    expect(apply.stdout).toBe(
      'created draft shop 2.4.0 (upgrade of 2.3.0)\nupdated draft shop 2.4.0 (4 nodes)\n',
    );
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe(
      '~ node api: image changed from registry.example.com/acme/shop-api:2.3.0 to registry.example.com/acme/shop-api:2.4.0\n',
    );
    expect(JSON.parse(json.stdout).items).toEqual([
      expect.objectContaining({ path: 'nodes[2].image', kind: 'changed' }),
    ]);
  });

  it('refuses a change other than an image tag in a patch, pointing at its line', async () => {
    const patch = write(
      'shop-patch.yaml',
      readFileSync(shop, 'utf8')
        .replace('version: 2.4.0', 'version: 2.3.1')
        .replace('acme/shop-api:2.4.0', 'acme/shop-api:2.3.1')
        .replace('{ cpu: 250m, memory: 256Mi }', '{ cpu: 250m, memory: 1Gi }'), // the api node's
    );
    const run = await berth(['apply', '-f', patch, '--patch-of', '2.3.0', '-o', 'json']);
    const { line, column } = positionOf(patch, 'memory: 1Gi', 'name: api');

    expect(run.code).toBe(7);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(
      /^error: The server refused .*shop-patch\.yaml: A patch may change only image tags/,
    );
    expect(lines).toContain(
      `${patch}:${line}:${column}  nodes[2].resources.memory  not allowed in a patch: node api: resources.memory changed from 256Mi to 1Gi`,
    );
    expect(problemOf(run)).toMatchObject({
      status: 422,
      errors: [
        expect.objectContaining({ path: 'nodes[2].resources.memory', line, column, file: patch }),
      ],
    });
  });

  it('refuses to delete an app with a published version, and deletes one without', async () => {
    const shopDelete = await berth(['apps', 'delete', 'shop', '--yes']);
    const noYes = await berth(['apps', 'delete', 'iot-gateway']);
    const iotDelete = await berth(['apps', 'delete', 'iot-gateway', '--yes']);
    const list = await berth(['apps', 'list', '-o', 'json']);

    expect(shopDelete.code).toBe(6);
    expect(shopDelete.stderr).toMatch(/^error: .*published/);
    expect(noYes.code).toBe(2);
    expect(iotDelete.code).toBe(0);
    expect(JSON.parse(list.stdout).items.map((a: { name: string }) => a.name)).toEqual(['shop']);
  });

  it('lists the middleware catalog', async () => {
    const run = await berth(['catalog', 'list']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NAME\s+DISPLAY NAME\s+IMAGE\s+TAGS\s+PORTS$/m);
    expect(run.stdout).toMatch(
      /^mysql\s+MySQL\s+docker\.io\/library\/mysql\s+8\.0, 8\.4\s+mysql:3306\/tcp$/m,
    );
  });
});
