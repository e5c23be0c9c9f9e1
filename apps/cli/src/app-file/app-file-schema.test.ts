import { describe, expect, it } from 'vitest';
import { parseAppFile } from './app-file-schema.js';

const valid = {
  apiVersion: 'berth/v1',
  kind: 'App',
  metadata: { name: 'shop', distribution: 'instance', deployment: 'edge-hosted' },
  version: '1.0.0',
  spec: { nodes: [] },
};

describe(parseAppFile, () => {
  it('accepts an app file and leaves the spec to the spec validator', () => {
    const spec = { nodes: 'not checked here' };
    expect(parseAppFile({ ...valid, spec })).toEqual({ ok: true, file: { ...valid, spec } });
  });

  it('keeps an omitted os omitted (the app decides, not the file)', () => {
    const parsed = parseAppFile(valid);
    expect(parsed.ok && parsed.file.metadata).not.toHaveProperty('os');
  });

  it('names each unknown field at its path, with the fields it knows', () => {
    const parsed = parseAppFile({
      ...valid,
      specs: {},
      metadata: { ...valid.metadata, labels: {} },
    });

    expect(parsed).toEqual({
      ok: false,
      errors: [
        {
          path: ['metadata', 'labels'],
          message: 'is not a known field (known: name, displayName, distribution, deployment, os)',
        },
        {
          path: ['specs'],
          message: 'is not a known field (known: apiVersion, kind, metadata, version, spec)',
        },
      ],
    });
  });

  it('refuses a pair of distribution and deployment at deployment, listing the allowed pairs', () => {
    const parsed = parseAppFile({
      ...valid,
      metadata: { ...valid.metadata, deployment: 'edge-external' },
    });

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.path).toEqual(['metadata', 'deployment']);
    expect(parsed.errors[0]?.message).toContain('Allowed pairs: instance × cloud-hosted');
  });

  it('says what is missing and what a field must be', () => {
    const parsed = parseAppFile({ apiVersion: 'berth/v2', spec: [], version: 'v1.0.0' });

    expect(parsed).toEqual({
      ok: false,
      errors: [
        { path: ['apiVersion'], message: 'must be "berth/v1"' },
        { path: ['kind'], message: 'is required' },
        { path: ['metadata'], message: 'is required' },
        { path: ['version'], message: 'must be a semantic version without "v": 1.0.0' },
        { path: ['spec'], message: 'must be a mapping: the app spec (parameters, nodes, …)' },
      ],
    });
  });

  it('refuses a document that is not a mapping', () => {
    expect(parseAppFile(['x'])).toEqual({
      ok: false,
      errors: [{ path: [], message: 'must be a mapping' }],
    });
  });
});
