import type { App, VersionResponse } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { formatApply } from './format-apply.js';

const app: App = {
  name: 'shop',
  displayName: 'Shop',
  distribution: 'instance',
  deployment: 'edge-hosted',
  os: 'linux',
  createdAt: '2025-01-01T00:00:00.000Z',
  latestVersion: null,
};
const version: VersionResponse = {
  app: 'shop',
  version: '1.1.0',
  kind: 'upgrade',
  from: '1.0.0',
  state: 'draft',
  spec: {
    specVersion: 1,
    nodes: [{ name: 'web', kind: 'custom', image: 'acme/web:1.1.0' }],
  },
  createdAt: '2025-01-01T00:00:00.000Z',
  publishedAt: null,
};

describe(formatApply, () => {
  it('prints one line per action, saying what was made of what', () => {
    const text = formatApply({
      actions: ['created-app', 'created-draft', 'updated-draft'],
      app,
      version,
      notes: [],
    });

    expect(text).toBe(
      [
        'created app shop (instance × edge-hosted)',
        'created draft shop 1.1.0 (upgrade of 1.0.0)',
        'updated draft shop 1.1.0 (1 node)',
        '',
      ].join('\n'),
    );
  });

  it('prints only the update when the draft existed', () => {
    const text = formatApply({ actions: ['updated-draft'], app, version, notes: [] });
    expect(text).toBe('updated draft shop 1.1.0 (1 node)\n');
  });
});
