import { describe, expect, it } from 'vitest';
import { loadAppFile } from './load-app-file.js';
import { validateLoadedFile } from './validate-loaded-file.js';

const envelope = (distribution: string, deployment: string) => `apiVersion: berth/v1
kind: App
metadata: { name: shop, distribution: ${distribution}, deployment: ${deployment} }
version: 1.0.0
`;

const spec = `spec:
  nodes:
    - name: web
      kind: custom
      image: registry.example.com/acme/web:1.0.0
      ports:
        - { name: http, port: 8080, expose: true }
    - name: worker
      kind: custom
      image: registry.example.com/acme/worker:1.0.0
      dependsOn: [web]
`;

describe(validateLoadedFile, () => {
  it('plans a valid file', () => {
    const result = validateLoadedFile(
      loadAppFile('app.yaml', envelope('instance', 'edge-hosted') + spec),
    );

    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.plan?.levels).toEqual([['web'], ['worker']]);
  });

  it('locates spec errors in the file, keeping the paths the server would answer', () => {
    const broken = spec.replace('port: 8080', 'port: 99999').replace('dependsOn: [web]', '');
    const result = validateLoadedFile(
      loadAppFile('app.yaml', envelope('instance', 'edge-hosted') + broken),
    );

    expect(result.ok).toBe(false);
    expect(result.plan).toBeUndefined();
    expect(result.errors).toEqual([
      {
        path: 'nodes[0].ports[0].port',
        message: 'must be between 1 and 65535',
        line: 11,
        column: 25,
      },
    ]);
  });

  it('reports envelope errors and spec errors together', () => {
    const broken = spec.replace('kind: custom', 'kind: custon');
    const result = validateLoadedFile(
      loadAppFile('app.yaml', envelope('instance', 'edge-external') + broken),
    );

    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.path}`)).toEqual([
      '3:49 metadata.deployment',
      '8:7 nodes[0].kind',
    ]);
  });

  it('validates a bare spec at the root of the file', () => {
    const result = validateLoadedFile(loadAppFile('spec.yaml', 'nodes:\n  - name: web\n'));

    expect(result.errors).toEqual([
      expect.objectContaining({ path: 'nodes[0].kind', line: 2, column: 5 }),
    ]);
  });

  it('stops at syntax errors', () => {
    const result = validateLoadedFile(loadAppFile('spec.yaml', 'nodes: [\n'));

    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe('');
  });
});
