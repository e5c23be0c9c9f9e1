import { posix } from 'node:path';
import { type InstanceWorkloadSpec, instanceWorkloadSpec, type WorkloadNode } from '@berth/spec';
import { TerminalError } from '../../reconcile/engine-driver.js';
import { hostAccessProblems } from './host-access.js';
import { isDnsLabel } from './naming.js';

/**
 * Reads the spec of an `instance` workload and checks what the engine needs beyond its
 * schema: names that can become engine object names (DNS labels: no `;`, `$(…)`,
 * `--flag` or `/` — R14), levels that name each node exactly once, absolute container
 * paths, environment names without `=`, host ports held once, and host paths, devices
 * and capabilities that are canonical (R15, `host-access.ts`). Returns the spec.
 * @throws TerminalError listing every problem (the spec cannot run until it changes).
 */
export function readInstanceSpec(spec: unknown): InstanceWorkloadSpec {
  const parsed = instanceWorkloadSpec.safeParse(spec);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`);
    throw new TerminalError(`invalid instance workload: ${issues.join('; ')}`);
  }
  const problems = specProblems(parsed.data);
  if (problems.length > 0) {
    throw new TerminalError(`invalid instance workload: ${problems.slice(0, 8).join('; ')}`);
  }
  return parsed.data;
}

/** Every problem of an already schema-valid spec, as sentences (pure; table-tested). */
export function specProblems(spec: InstanceWorkloadSpec): string[] {
  const problems: string[] = [];
  if (!isDnsLabel(spec.instance)) {
    problems.push(`instance name ${JSON.stringify(spec.instance)} is not a DNS label`);
  }
  const names = new Set<string>();
  const hostPorts = new Map<string, string>();
  for (const node of spec.nodes) {
    if (names.has(node.name)) problems.push(`node ${node.name} is listed twice`);
    names.add(node.name);
    problems.push(...nodeProblems(node));
    for (const port of node.ports) {
      if (port.hostPort === undefined || node.replicas === 0) continue;
      const key = `${port.hostPort}/${port.protocol}`;
      const holder = hostPorts.get(key);
      if (holder) problems.push(`host port ${key} is published by ${holder} and ${node.name}`);
      hostPorts.set(key, node.name);
    }
  }
  const placed = new Map<string, number>();
  for (const level of spec.levels) {
    for (const name of level) {
      if (!names.has(name)) problems.push(`levels name ${JSON.stringify(name)}, not a node`);
      placed.set(name, (placed.get(name) ?? 0) + 1);
    }
  }
  for (const name of names) {
    const count = placed.get(name) ?? 0;
    if (count !== 1) problems.push(`node ${name} is in ${count} levels, not exactly one`);
  }
  return problems;
}

function nodeProblems(node: WorkloadNode): string[] {
  const problems: string[] = [];
  const where = `node ${JSON.stringify(node.name)}`;
  if (!isDnsLabel(node.name)) problems.push(`${where}: the name is not a DNS label`);
  if (node.kind === 'init' && node.replicas > 1) {
    problems.push(`${where}: an init node runs once (replicas ${node.replicas})`);
  }
  for (const key of Object.keys(node.env)) {
    if (key.length === 0 || key.includes('=') || key.includes('\0')) {
      problems.push(`${where}: environment name ${JSON.stringify(key)} is invalid`);
    }
  }
  if (Object.values(node.env).some((value) => value.includes('\0'))) {
    problems.push(`${where}: an environment value contains a NUL byte`);
  }
  const volumes = new Set<string>();
  for (const volume of node.volumes) {
    if (!isDnsLabel(volume.name)) {
      problems.push(`${where}: volume name ${JSON.stringify(volume.name)} is not a DNS label`);
    }
    if (volumes.has(volume.name)) problems.push(`${where}: volume ${volume.name} is listed twice`);
    volumes.add(volume.name);
    if (!isContainerPath(volume.mountPath)) {
      problems.push(`${where}: mount path ${JSON.stringify(volume.mountPath)} is not absolute`);
    }
  }
  problems.push(...hostAccessProblems(node, where));
  if (node.logPath !== undefined && !isContainerPath(node.logPath)) {
    problems.push(`${where}: log path ${JSON.stringify(node.logPath)} is not absolute`);
  }
  const ports = new Set<string>();
  for (const port of node.ports) {
    const key = `${port.port}/${port.protocol}`;
    if (ports.has(key)) problems.push(`${where}: port ${key} is listed twice`);
    ports.add(key);
  }
  if (/[\s\0]/.test(node.image) || node.image.startsWith('-')) {
    problems.push(`${where}: image ${JSON.stringify(node.image)} is not an image reference`);
  }
  return problems;
}

/** An absolute path inside a container, without `..` or NUL (`/var/log/app`). */
export function isContainerPath(path: string): boolean {
  if (!path.startsWith('/') || path.includes('\0') || path.includes(':')) return false;
  return !path.split('/').includes('..') && posix.normalize(path) !== '/';
}

/** Lists node names of a spec that may not be valid, for reporting failures. */
export function nodeNamesOf(spec: unknown): string[] {
  const nodes = (spec as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes
    .map((n) => (n as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string' && name.length <= 128)
    .slice(0, 500);
}
