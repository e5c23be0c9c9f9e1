import { describe, expect, it } from 'vitest';
import { customNode, docOf, errorsOf, messagesAt } from './testing/spec-fixtures.js';

const node = (name: string, ports: unknown[], extra: Record<string, unknown> = {}) =>
  customNode(name, { ports, ...extra });

describe('validateAppSpec: ports', () => {
  it('refuses port numbers outside 1–65535', () => {
    for (const port of [0, 65536, -1])
      expect(
        messagesAt(docOf(node('web', [{ name: 'http', port }])), 'nodes[0].ports[0].port'),
      ).toEqual(['must be between 1 and 65535']);
  });

  it('refuses a port name used twice in a node', () => {
    const doc = docOf(
      node('web', [
        { name: 'http', port: 80 },
        { name: 'http', port: 81 },
      ]),
    );
    expect(messagesAt(doc, 'nodes[0].ports[1].name')[0]).toContain('already the name of ports[0]');
  });

  it('refuses a container port declared twice with the same protocol, allows tcp + udp', () => {
    const twice = docOf(
      node('dns', [
        { name: 'a', port: 53 },
        { name: 'b', port: 53 },
      ]),
    );
    expect(messagesAt(twice, 'nodes[0].ports[1].port')[0]).toContain(
      '53/tcp is already declared by ports[0]',
    );
    const both = docOf(
      node('dns', [
        { name: 'a', port: 53 },
        { name: 'b', port: 53, protocol: 'udp' },
      ]),
    );
    expect(errorsOf(both)).toEqual([]);
  });

  it('requires expose: true for a LoadBalancer port and for a host port', () => {
    const doc = docOf(
      node('web', [
        { name: 'a', port: 80, serviceType: 'LoadBalancer' },
        { name: 'b', port: 81, hostPort: 8081 },
      ]),
    );
    expect(messagesAt(doc, 'nodes[0].ports[0].serviceType')[0]).toContain('set expose: true');
    expect(messagesAt(doc, 'nodes[0].ports[1].hostPort')[0]).toContain('set expose: true');
  });

  it('refuses an exposed ClusterIP port without a host port: nothing would reach it', () => {
    const doc = docOf(
      node('web', [{ name: 'a', port: 80, expose: true, serviceType: 'ClusterIP' }]),
    );
    expect(messagesAt(doc, 'nodes[0].ports[0].serviceType')[0]).toContain(
      'needs serviceType LoadBalancer or a hostPort',
    );
  });

  it('refuses two nodes publishing the same host port', () => {
    const doc = docOf(
      node('a', [{ name: 'http', port: 80, expose: true, hostPort: 8080 }]),
      node('b', [{ name: 'http', port: 81, expose: true, hostPort: 8080 }]),
    );
    expect(messagesAt(doc, 'nodes[1].ports[0].hostPort')).toEqual([
      'host port 8080/tcp is already used by node a (nodes[0].ports[0].hostPort): two nodes of the app cannot listen on the same host port; choose another',
    ]);
  });

  it('refuses a LoadBalancer port colliding with a host port', () => {
    const doc = docOf(
      node('a', [{ name: 'http', port: 8080, expose: true }]),
      node('b', [{ name: 'http', port: 81, expose: true, hostPort: 8080 }]),
    );
    expect(messagesAt(doc, 'nodes[1].ports[0].hostPort')[0]).toContain('node a');
  });

  it('refuses two host-network nodes listening on the same port, even unexposed', () => {
    const doc = docOf(
      node('hw1', [{ name: 'modbus', port: 502 }], { hostNetwork: true }),
      node('hw2', [{ name: 'modbus', port: 502 }], { hostNetwork: true }),
    );
    expect(messagesAt(doc, 'nodes[1].ports[0].port')[0]).toContain(
      'host port 502/tcp is already used by node hw1',
    );
  });

  it('refuses a host-network port colliding with another node’s host port', () => {
    const doc = docOf(
      node('hw', [{ name: 'http', port: 8080 }], { hostNetwork: true }),
      node('web', [{ name: 'http', port: 80, expose: true, hostPort: 8080 }]),
    );
    expect(messagesAt(doc, 'nodes[1].ports[0].hostPort')[0]).toContain('node hw');
  });

  it('lets ClusterIP ports of different nodes share a number (each node has its own address)', () => {
    expect(
      errorsOf(
        docOf(node('a', [{ name: 'http', port: 80 }]), node('b', [{ name: 'http', port: 80 }])),
      ),
    ).toEqual([]);
  });

  it('requires the hostPort of a host-network node to equal its port', () => {
    const doc = docOf(
      node('hw', [{ name: 'http', port: 80, expose: true, hostPort: 81 }], { hostNetwork: true }),
    );
    expect(messagesAt(doc, 'nodes[0].ports[0].hostPort')[0]).toContain('must equal port (80)');
  });

  it('exposes middleware catalog ports by name and checks their collisions', () => {
    const broker = {
      name: 'mqtt',
      kind: 'middleware',
      template: 'mosquitto',
      version: '2.0',
      ports: [{ name: 'mqtt', expose: true, hostPort: 1883 }],
    };
    expect(errorsOf(docOf(broker))).toEqual([]);
    const clash = docOf(broker, node('hw', [{ name: 'x', port: 1883 }], { hostNetwork: true }));
    expect(messagesAt(clash, 'nodes[1].ports[0].port')[0]).toContain('node mqtt');
    const unknown = docOf({ ...broker, ports: [{ name: 'ws', expose: true }] });
    expect(messagesAt(unknown, 'nodes[0].ports[0].name')).toEqual([
      'mosquitto has no port "ws" (ports: mqtt)',
    ]);
  });
});
