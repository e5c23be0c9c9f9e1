import { describe, expect, it } from 'vitest';
import { formatTable } from '../table.js';
import { aNode } from '../testing/fixtures.js';
import { formatNode } from './format-node.js';
import { nodeColumns } from './node-columns.js';

const now = Date.parse('2025-01-01T12:00:00.000Z');

describe(formatNode, () => {
  it('summarises the facts of a joined node, and when it was last seen', () => {
    const text = formatNode(aNode({ lastSeenAt: '2025-01-01T11:55:00.000Z' }), now);

    expect(text).toMatch(/^Last seen:\s+5 min ago$/m);
    expect(text).toMatch(/^Hostname:\s+gate-01$/m);
    expect(text).toMatch(/^Disk:\s+58\.6 GiB$/m);
    expect(text).toMatch(/^Addresses:\s+192\.168\.10\.21$/m);
    expect(text).toMatch(/^Applied:\s+3 \(up to date\)$/m);
  });

  it('says when a node has not applied its newest desired state yet', () => {
    const text = formatNode(aNode({ desiredGeneration: 5, appliedGeneration: 4 }), now);

    expect(text).toMatch(/^Applied:\s+4 of 5$/m);
  });

  it('shows an engine without a version by its kind alone', () => {
    const facts = { ...aNode().facts!, engine: { kind: 'none' as const, version: null } };
    const table = formatTable(nodeColumns(now), [aNode({ facts })]);

    expect(table).toMatch(/\bnone\n$/);
  });
});
