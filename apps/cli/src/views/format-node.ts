import type { Node } from '@berth/spec';
import { formatAgo } from '../format-ago.js';
import { formatMemory } from '../format-memory.js';
import { formatTime } from '../format-time.js';
import { type Cell, formatDetails } from '../table.js';
import { engineOf } from './node-columns.js';

/**
 * A node as `berth nodes get` shows it in table format: status, when it was last seen
 * (`12 s ago`), and its facts summarised (arch, OS, CPUs, memory, engine). A node that
 * has not joined has no facts yet.
 */
export function formatNode(node: Node, now: number): string {
  const { facts } = node;
  const seen: [string, Cell][] = [
    ['Name', node.name],
    ['Cluster', node.cluster],
    ['Status', node.status],
    ['Last seen', formatAgo(node.lastSeenAt, now) ?? 'never'],
    ['Joined', formatTime(node.joinedAt) ?? 'not yet'],
    ['IP segment', node.ipSegment],
  ];
  const host: [string, Cell][] = facts
    ? [
        ['Hostname', facts.hostname],
        ['Arch', facts.arch],
        ['OS', `${facts.os} (kernel ${facts.kernel})`],
        ['CPUs', facts.cpus],
        ['Memory', formatMemory(facts.memoryMi)],
        ['Disk', formatMemory(facts.diskMi)],
        ['Engine', engineOf(facts)],
        ['Agent', facts.agentVersion],
        ['Addresses', facts.addresses.join(', ')],
      ]
    : [['Facts', 'none yet: the node has not joined']];
  const generation =
    node.appliedGeneration === node.desiredGeneration
      ? `${node.appliedGeneration} (up to date)`
      : `${node.appliedGeneration} of ${node.desiredGeneration}`;
  return formatDetails([
    ...seen,
    ...host,
    ['Applied', generation],
    ['Created', formatTime(node.createdAt)],
  ]);
}
