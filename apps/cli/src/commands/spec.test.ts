import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../testing/run-cli-in-process.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-spec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(text: string, name = 'app.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const spec = `nodes:
  - name: db
    kind: middleware
    template: redis
    version: "7.4"
  - name: web
    kind: custom
    image: acme/web:1.0.0
    dependsOn: [db]
`;

describe('berth spec validate', () => {
  it('validates a bare spec offline and prints the deploy order', async () => {
    const run = await runCliInProcess(['spec', 'validate', '-f', fileWith(spec)]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.requests).toEqual([]);
    expect(run.stdout).toBe('valid: 2 nodes in 2 levels\n  level 0: db\n  level 1: web\n');
  });

  it('prints FILE:LINE:COLUMN  path  message per error and exits 7', async () => {
    const file = fileWith(spec.replace('[db]', '[dbx]').replace('"7.4"', '"0.1"'));
    const run = await runCliInProcess(['spec', 'validate', '-f', file]);

    expect(run.code).toBe(7);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      // in the validator's order: names and the graph before what uses them
      `${file}:9:17  nodes[1].dependsOn[0]  names no node of this app: "dbx" does not exist (nodes: db, web)`,
      `${file}:5:5  nodes[0].version  Redis is offered in versions 7.2, 7.4`,
    ]);
    expect(run.stderr).toBe(`error: ${file} is not valid: 2 errors\n`);
  });

  it('prints {ok, errors, plan} with -o json', async () => {
    const valid = await runCliInProcess(['spec', 'validate', '-f', fileWith(spec), '-o', 'json']);
    const invalid = await runCliInProcess([
      'spec',
      'validate',
      '-f',
      fileWith('nodes:\n  - name: web\n', 'bad.json'),
      '-o',
      'json',
    ]);

    expect(JSON.parse(valid.stdout)).toMatchObject({
      ok: true,
      errors: [],
      plan: { levels: [['db'], ['web']] },
    });
    expect(invalid.code).toBe(7);
    expect(JSON.parse(invalid.stdout)).toEqual({
      ok: false,
      errors: [{ path: 'nodes[0].kind', message: expect.any(String), line: 2, column: 5 }],
    });
  });

  it('reports a syntax error at its place', async () => {
    const run = await runCliInProcess(['spec', 'validate', '-f', fileWith('nodes: [\n')]);

    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/app\.yaml:2:1 {2}\(document\) {2}/);
  });
});
