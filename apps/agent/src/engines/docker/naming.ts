import { join } from 'node:path';

/**
 * The labels the container driver puts on what it creates. The engine is the record of
 * what runs: a restarted agent finds its containers and networks by these labels
 * (`berth.agent` scopes them to this agent, so two agents — or two test runs — sharing
 * one engine never touch each other's), and `berth.spec-hash` says which version of a
 * node a container runs.
 */
export const labelKeys = {
  managedBy: 'berth.managed-by',
  /** The node id of the agent that owns it. */
  agent: 'berth.agent',
  /** The instance id (the workload id). */
  instance: 'berth.instance',
  instanceName: 'berth.instance-name',
  node: 'berth.node',
  nodeKind: 'berth.node-kind',
  /** The node's `hash`: a container runs the current version of its node iff it matches. */
  hash: 'berth.spec-hash',
  replica: 'berth.replica',
  /** The workload revision the container was created for (a failed init reruns on a new one). */
  revision: 'berth.revision',
} as const;

export const managedByValue = 'berth-agent';

/** A DNS label: what instance, node and volume names must be to become engine names. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isDnsLabel(name: string): boolean {
  return dnsLabel.test(name);
}

/** The first 8 letters or digits of an instance id (a UUID: its first group). */
export function shortId(instanceId: string): string {
  return (
    instanceId
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 8) || 'x'
  );
}

/** `berth-<instance>-<id8>`: the instance's own network. */
export function networkName(instance: string, instanceId: string): string {
  return `berth-${instance}-${shortId(instanceId)}`;
}

/** `berth-<instance>-<node>-<replica>`. */
export function containerName(instance: string, node: string, replica: number): string {
  return `berth-${instance}-${node}-${replica}`;
}

/** `<root>/<instance>`: everything the instance keeps on the host. */
export function instanceDir(storageRoot: string, instance: string): string {
  return join(storageRoot, instance);
}

/** `<root>/<instance>/<node>/<volume>`: one volume of a node, bind-mounted. */
export function volumeDir(
  storageRoot: string,
  instance: string,
  node: string,
  volume: string,
): string {
  return join(storageRoot, instance, node, volume);
}

/** Who owns what the driver creates: the agent's node id, plus labels tests add. */
export interface OwnerLabels {
  agent: string;
  extra?: Readonly<Record<string, string>>;
}

/** The labels every object of an instance carries (network and containers). */
export function instanceLabels(
  owner: OwnerLabels,
  instanceId: string,
  instance: string,
): Record<string, string> {
  return {
    ...owner.extra,
    [labelKeys.managedBy]: managedByValue,
    [labelKeys.agent]: owner.agent,
    [labelKeys.instance]: instanceId,
    [labelKeys.instanceName]: instance,
  };
}

/** What a container's labels say about it. */
export interface ContainerIdentity {
  instanceId: string;
  node: string;
  replica: number;
  hash: string;
  revision: string;
  kind: string;
}

/** Reads a managed container's labels; undefined when they are not the driver's. */
export function readIdentity(
  labels: Readonly<Record<string, string>> | null,
): ContainerIdentity | undefined {
  if (!labels) return undefined;
  const instanceId = labels[labelKeys.instance];
  const node = labels[labelKeys.node];
  const replica = Number(labels[labelKeys.replica]);
  const hash = labels[labelKeys.hash];
  if (!instanceId || !node || !hash || !Number.isInteger(replica) || replica < 0) return undefined;
  return {
    instanceId,
    node,
    replica,
    hash,
    revision: labels[labelKeys.revision] ?? '',
    kind: labels[labelKeys.nodeKind] ?? 'custom',
  };
}

/** The label selector of everything this agent created (for listing). */
export function ownerSelector(owner: OwnerLabels): string[] {
  return [`${labelKeys.managedBy}=${managedByValue}`, `${labelKeys.agent}=${owner.agent}`];
}
