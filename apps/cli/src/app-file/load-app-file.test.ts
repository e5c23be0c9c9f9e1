import { describe, expect, it } from 'vitest';
import { loadAppFile } from './load-app-file.js';

const appFile = `apiVersion: berth/v1
kind: App
metadata:
  name: shop
  distribution: instance
  deployment: edge-external
version: 1.0.0
spec:
  nodes: []
`;

describe(loadAppFile, () => {
  it('reads an app file: the envelope, and the spec under spec', () => {
    const file = loadAppFile('app.yaml', appFile.replace('edge-external', 'edge-hosted'));

    expect(file).toMatchObject({
      name: 'app.yaml',
      format: 'app',
      app: { metadata: { name: 'shop' }, version: '1.0.0' },
      spec: { nodes: [] },
      specPath: ['spec'],
      errors: [],
    });
  });

  it('locates envelope errors in the file, with paths into the file', () => {
    const file = loadAppFile('app.yaml', appFile);

    expect(file.app).toBeUndefined();
    expect(file.spec).toEqual({ nodes: [] });
    expect(file.errors).toEqual([
      expect.objectContaining({ path: 'metadata.deployment', line: 6, column: 3 }),
    ]);
  });

  it('takes a document without apiVersion or kind as a bare spec', () => {
    const file = loadAppFile('spec.json', '{"nodes": []}');

    expect(file).toMatchObject({ format: 'spec', spec: { nodes: [] }, specPath: [], errors: [] });
    expect(file.app).toBeUndefined();
  });

  it('reports syntax errors alone', () => {
    const file = loadAppFile('app.yaml', 'kind: App\nkind: App\n');

    expect(file.errors).toEqual([
      { path: '', message: 'Map keys must be unique', line: 2, column: 1 },
    ]);
    expect(file.spec).toBeUndefined();
  });
});
