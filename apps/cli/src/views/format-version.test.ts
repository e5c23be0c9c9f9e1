import type { VersionResponse } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../format-time.js';
import { formatVersion } from './format-version.js';

const version: VersionResponse = {
  app: 'shop',
  version: '1.0.0',
  kind: 'initial',
  from: null,
  state: 'draft',
  spec: {
    specVersion: 1,
    nodes: [
      { name: 'db', kind: 'middleware', template: 'mysql', version: '8.4' },
      {
        name: 'web',
        kind: 'custom',
        image: 'acme/web:1.0.0',
        ports: [
          { name: 'http', port: 8080, expose: true },
          { name: 'admin', port: 9000 },
        ],
        dependsOn: ['db'],
      },
    ],
  },
  createdAt: '2025-01-01T00:00:00.000Z',
  publishedAt: null,
};

describe(formatVersion, () => {
  it('shows the details with the ETag, then a row per node', () => {
    expect(formatVersion(version, '"e1"')).toBe(
      [
        'App:        shop',
        'Version:    1.0.0',
        'Kind:       initial',
        'From:       <none>',
        'State:      draft',
        `Created:    ${formatTime(version.createdAt)}`,
        'Published:  <none>',
        'ETag:       "e1"',
        'Nodes:      2',
        '',
        'NODE   KIND         IMAGE            PORTS                             DEPENDS ON',
        'db     middleware   mysql 8.4        <none>                            <none>',
        'web    custom       acme/web:1.0.0   http:8080 (exposed), admin:9000   db',
        '',
      ].join('\n'),
    );
  });

  it('shows no node table for an empty spec', () => {
    const empty = { ...version, spec: { specVersion: 1 as const, nodes: [] } };
    expect(formatVersion(empty, null)).not.toContain('NODE');
  });
});
