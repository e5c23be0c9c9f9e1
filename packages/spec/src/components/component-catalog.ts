import type { WorkloadHealth, WorkloadNode } from '../agent/instance-workload.js';

/**
 * The base components of an `edge-appliance` cluster (domain §7 组件管理): what a box
 * that runs AIoT apps on a site needs beside the apps, initialised on its hosts on
 * demand. Each is a fixed set of containers in the shape of an `instance` workload's
 * nodes, so the agents' existing container driver runs it — with the driver's limits:
 * no privileges, capabilities, devices or host paths, only the host network when asked.
 *
 * Changing an entry (an image tag, a port) changes the workload's revision: hosts run the
 * new one once the component is initialised again.
 */
export interface ComponentEntry {
  /** A DNS label; the workload id is `component-<name>`. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  /** The containers, as the container driver runs them (the server adds each `hash`). */
  readonly nodes: readonly Omit<WorkloadNode, 'hash'>[];
}

const tcpHealth = (port: number): WorkloadHealth => ({
  check: { type: 'tcp', port },
  intervalSeconds: 10,
  timeoutSeconds: 3,
  failureThreshold: 3,
  startPeriodSeconds: 5,
});

const httpHealth = (port: number, path: string): WorkloadHealth => ({
  check: { type: 'http', port, path },
  intervalSeconds: 10,
  timeoutSeconds: 3,
  failureThreshold: 3,
  startPeriodSeconds: 10,
});

export const componentCatalog: readonly ComponentEntry[] = [
  {
    name: 'mqtt-broker',
    displayName: 'MQTT broker',
    description:
      "Eclipse Mosquitto on port 1883 of every host: the site's devices publish to it and apps subscribe. It accepts anonymous clients, so keep port 1883 on the site's LAN.",
    nodes: [
      {
        name: 'mosquitto',
        kind: 'middleware',
        image: 'docker.io/library/eclipse-mosquitto:2.0.18',
        // Mosquitto 2 listens on localhost only unless configured; the image ships this
        // configuration of a listener on 1883 for every interface.
        command: ['mosquitto', '-c', '/mosquitto-no-auth.conf'],
        env: {},
        ports: [{ name: 'mqtt', port: 1883, protocol: 'tcp', hostPort: 1883 }],
        hostNetwork: false,
        resources: { cpuMillis: 100, memoryMi: 64 },
        replicas: 1,
        health: tcpHealth(1883),
        volumes: [],
      },
    ],
  },
  {
    name: 'monitoring',
    displayName: 'Host metrics',
    description:
      "Prometheus node exporter on port 9100 of every host (host network): CPU, memory, load and network interfaces of the host, for a Prometheus to scrape. Disks are the container's view only: the driver mounts no host paths.",
    nodes: [
      {
        name: 'node-exporter',
        kind: 'middleware',
        image: 'quay.io/prometheus/node-exporter:v1.8.2',
        args: ['--web.listen-address=:9100'],
        env: {},
        ports: [{ name: 'metrics', port: 9100, protocol: 'tcp' }],
        hostNetwork: true,
        resources: { cpuMillis: 100, memoryMi: 64 },
        replicas: 1,
        health: httpHealth(9100, '/metrics'),
        volumes: [],
      },
    ],
  },
  {
    name: 'log-collector',
    displayName: 'Log collector',
    description:
      "Fluent Bit receiving logs in the forward protocol on port 24224 of every host (Docker's fluentd log driver, Fluentd and Fluent Bit send it) and writing one file per tag into the component's data volume on the host.",
    nodes: [
      {
        name: 'fluent-bit',
        kind: 'middleware',
        image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9',
        command: ['/fluent-bit/bin/fluent-bit'],
        args: [
          ...['-i', 'forward', '-p', 'listen=0.0.0.0', '-p', 'port=24224'],
          ...['-o', 'file', '-m', '*', '-p', 'path=/data'],
          // The built-in HTTP server answers the health check.
          ...['-H', '-P', '2020'],
        ],
        env: {},
        ports: [
          { name: 'forward', port: 24224, protocol: 'tcp', hostPort: 24224 },
          { name: 'http', port: 2020, protocol: 'tcp' },
        ],
        hostNetwork: false,
        resources: { cpuMillis: 100, memoryMi: 64 },
        replicas: 1,
        health: httpHealth(2020, '/'),
        volumes: [{ name: 'data', mountPath: '/data' }],
      },
    ],
  },
  {
    name: 'registry-mirror',
    displayName: 'Registry mirror',
    description:
      "A pull-through cache of Docker Hub on port 5000 of every host: set it as the cluster's docker.io mirror (PUT /api/v1/clusters/{cluster}/registries) and each image crosses the site's uplink once.",
    nodes: [
      {
        name: 'registry',
        kind: 'middleware',
        image: 'docker.io/library/registry:2.8.3',
        env: {
          REGISTRY_PROXY_REMOTEURL: 'https://registry-1.docker.io',
          REGISTRY_STORAGE_DELETE_ENABLED: 'true',
        },
        ports: [{ name: 'http', port: 5000, protocol: 'tcp', hostPort: 5000 }],
        hostNetwork: false,
        resources: { cpuMillis: 100, memoryMi: 128 },
        replicas: 1,
        health: httpHealth(5000, '/v2/'),
        volumes: [{ name: 'data', mountPath: '/var/lib/registry' }],
      },
    ],
  },
];

const byName = new Map(componentCatalog.map((entry) => [entry.name, entry]));

/** The catalog entry called `name`, or undefined. */
export function componentEntry(name: string): ComponentEntry | undefined {
  return byName.get(name);
}
