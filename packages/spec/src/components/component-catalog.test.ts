import { describe, expect, it } from 'vitest';
import { workloadNode } from '../agent/instance-workload.js';
import { componentCatalog, componentEntry } from './component-catalog.js';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('componentCatalog', () => {
  it('holds entries the container driver accepts: schema-valid nodes with DNS-label names', () => {
    expect(componentCatalog.length).toBeGreaterThanOrEqual(3);
    for (const entry of componentCatalog) {
      expect(entry.name, entry.name).toMatch(dnsLabel);
      expect(entry.description.length, entry.name).toBeGreaterThan(40);
      for (const node of entry.nodes) {
        const parsed = workloadNode.safeParse({ ...node, hash: '0123456789abcdef' });
        expect(parsed.error?.issues ?? [], `${entry.name}/${node.name}`).toEqual([]);
        expect(node.name).toMatch(dnsLabel);
        expect(node.image, node.name).toMatch(/^[a-z0-9.-]+\/[a-z0-9/._-]+:[\w.-]+$/);
        for (const v of node.volumes) expect(v.mountPath.startsWith('/'), v.name).toBe(true);
      }
    }
  });

  it('publishes each host port once across the whole catalog (they run side by side)', () => {
    const published = componentCatalog.flatMap((e) =>
      e.nodes.flatMap((n) =>
        n.hostNetwork ? n.ports.map((p) => p.port) : n.ports.flatMap((p) => p.hostPort ?? []),
      ),
    );
    expect(new Set(published).size).toBe(published.length);
  });

  it('finds entries by name', () => {
    expect(componentEntry('mqtt-broker')?.nodes[0]?.ports[0]?.port).toBe(1883);
    expect(componentEntry('nothing')).toBeUndefined();
  });
});
