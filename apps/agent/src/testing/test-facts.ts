import type { NodeFacts } from '@berth/spec';

/** Facts for tests that do not care about the host. */
export const testFacts: NodeFacts = {
  arch: 'x86_64',
  os: 'Test OS',
  kernel: '6.1.0',
  hostname: 'test-host',
  cpus: 2,
  memoryMi: 2048,
  diskMi: 10_240,
  engine: { kind: 'none', version: null },
  agentVersion: '0.0.0-test',
  addresses: ['192.0.2.10'],
};
