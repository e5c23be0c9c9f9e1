import { BerthApiError } from '@berth/client';
import type { Problem } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { RefusedRequestError, type RequestOrigin } from './apply-app-file.js';
import { loadAppFile } from './load-app-file.js';
import { locateRefusal } from './locate-refusal.js';

const text = `apiVersion: berth/v1
kind: App
metadata:
  name: shop
  distribution: instance
  deployment: edge-hosted
version: 1.0.1
spec:
  nodes:
    - name: web
      kind: custom
      image: acme/web:1.0.1
      ports:
        - { name: http, port: 8080 }
`;

function refusal(origin: RequestOrigin, errors?: Problem['errors']) {
  const problem: Problem = {
    type: 'https://berth.dev/problems/validation-failed',
    title: 'Invalid request',
    status: 422,
    detail: 'The spec has 2 problems',
    code: 'validation_failed',
    requestId: 'r-1',
    errors,
  };
  return new RefusedRequestError(origin, new BerthApiError(problem, { method: 'PUT', url: '' }));
}

describe(locateRefusal, () => {
  it('locates the paths of a refused spec under spec:, keeping the server paths', () => {
    const error = locateRefusal(
      loadAppFile('app.yaml', text),
      refusal('spec', [
        { path: 'nodes[0].ports[0].port', in: 'body', message: 'a patch may not change it' },
        { path: 'nodes[0].health', in: 'body', message: 'is required' },
        { path: '', in: 'body', message: 'the spec as a whole' },
      ]),
    );

    expect(error.exitCode).toBe(7);
    expect(error.message).toBe('The server refused app.yaml: The spec has 2 problems');
    expect(error.lines()).toEqual([
      'app.yaml:14:25  nodes[0].ports[0].port  a patch may not change it',
      'app.yaml:10:7  nodes[0].health  is required',
      'app.yaml:8:1  (document)  the spec as a whole',
    ]);
    expect(error.problem?.requestId).toBe('r-1');
  });

  it('locates a refused app under metadata: and a refused version at version:', () => {
    const file = loadAppFile('app.yaml', text);
    const app = locateRefusal(file, refusal('metadata', [{ path: 'deployment', message: 'x' }]));
    const version = locateRefusal(file, refusal('version', [{ path: 'from', message: 'y' }]));

    expect(app.lines()).toEqual(['app.yaml:6:3  deployment  x']);
    expect(version.lines()).toEqual(['app.yaml:7:1  from  y']);
  });

  it('shows a refusal without field errors at the part it is about', () => {
    const error = locateRefusal(loadAppFile('app.yaml', text), refusal('spec'));

    expect(error.lines()).toEqual(['app.yaml:8:1  (document)  The spec has 2 problems']);
  });

  it('does not look up paths of query or path parameters in the file', () => {
    const error = locateRefusal(
      loadAppFile('app.yaml', text),
      refusal('spec', [{ path: 'nodes', in: 'query', message: 'z' }]),
    );

    expect(error.lines()).toEqual(['app.yaml:8:1  nodes  z']);
  });
});
