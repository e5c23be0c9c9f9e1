import { describe, expect, it } from 'vitest';
import { appSpecExample } from '../app-spec/app-spec-example.js';
import { appSpecSchema } from '../app-spec/app-spec-schema.js';
import { app, validationResult, versionResponse } from './app-responses.js';

describe('app and version responses', () => {
  it('describe an app with a nullable latest version', () => {
    const body = {
      name: 'parking',
      displayName: null,
      distribution: 'account',
      deployment: 'cloud-hosted',
      os: 'linux',
      createdAt: '2025-01-01T00:00:00.000Z',
      latestVersion: null,
    };
    expect(app.parse(body)).toEqual(body);
  });

  it('describe a version with its spec, state and timestamps', () => {
    const body = {
      app: 'parking',
      version: '1.4.0',
      kind: 'patch',
      from: '1.3.0',
      state: 'published',
      spec: appSpecExample,
      createdAt: '2025-01-01T00:00:00.000Z',
      publishedAt: '2025-01-02T00:00:00Z',
    };
    expect(versionResponse.safeParse(body).success).toBe(true);
    expect(versionResponse.safeParse({ ...body, state: 'deleted' }).success).toBe(false);
  });

  it('describe a validation result', () => {
    expect(
      validationResult.parse({ ok: false, errors: [{ path: 'nodes[0].name', message: 'x' }] }).ok,
    ).toBe(false);
  });

  it('give the spec body an example that parses (request generators use it)', () => {
    expect(appSpecSchema.meta()?.example).toBe(appSpecExample);
    expect(appSpecSchema.safeParse(appSpecExample).success).toBe(true);
  });
});
