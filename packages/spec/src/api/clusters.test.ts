import { describe, expect, it } from 'vitest';
import { cidrsOverlap, createClusterRequest, nodeName, parseCidr } from './clusters.js';

describe('cluster input rules', () => {
  it('parses CIDRs and refuses host bits, bad prefixes and junk', () => {
    expect(parseCidr('10.96.0.0/16')).toEqual({ network: 0x0a600000, prefix: 16 });
    expect(parseCidr('192.168.10.0/24')).not.toBeNull();
    expect(parseCidr('192.168.10.7/32')).not.toBeNull();
    for (const bad of [
      '10.96.0.1/16',
      '10.96.0.0/7',
      '10.96.0.0/33',
      '300.1.1.0/24',
      '10.0.0.0',
      '10.0.0.0/16/1',
      '$(id)/16',
    ]) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });

  it('tells overlapping ranges apart', () => {
    expect(cidrsOverlap('10.96.0.0/16', '10.96.4.0/24')).toBe(true);
    expect(cidrsOverlap('10.96.0.0/16', '10.97.0.0/16')).toBe(false);
    expect(cidrsOverlap('192.168.0.0/16', '192.168.10.0/24')).toBe(true);
  });

  it('applies the node name rules of domain §7', () => {
    for (const ok of ['gate', 'gate-01', 'a1b2', 'x'.repeat(30)])
      expect(nodeName.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['abc', '-gate', 'gate-', 'Gate', 'gate_01', 'x'.repeat(31), 'ga te']) {
      expect(nodeName.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('validates NFS storage and defaults the runtime to engine', () => {
    const ok = createClusterRequest.parse({
      name: 'north',
      type: 'edge',
      storage: { nfs: { server: 'nas.local', path: '/exports/berth' } },
    });
    expect(ok.runtime).toBe('engine');
    for (const nfs of [
      { server: 'nas local', path: '/exports' },
      { server: 'nas.local', path: 'exports' },
      { server: 'nas.local', path: '/exports/../etc' },
      { server: 'nas.local', path: '/exports;rm -rf /' },
    ]) {
      expect(
        createClusterRequest.safeParse({ name: 'north', type: 'edge', storage: { nfs } }).success,
        JSON.stringify(nfs),
      ).toBe(false);
    }
  });
});
