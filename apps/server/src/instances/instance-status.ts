import type { InstancePhase, WorkloadStatus } from '@berth/spec';
import type { instances } from '../db/schema.js';

export type InstanceRow = typeof instances.$inferSelect;

export interface Observation {
  /** What the host's agent last reported for this instance's workload, if anything. */
  status: WorkloadStatus | undefined;
  /** Whether the host's agent has applied the desired state that holds the current revision. */
  applied: boolean;
  hostOnline: boolean;
  now: Date;
}

export interface Conclusion {
  phase: InstancePhase;
  reason: string | null;
}

const terminal = new Set(['failed']);

function describeNodes(nodes: WorkloadStatus['nodes']): string {
  return nodes
    .filter((n) => !n.ready && n.phase !== 'completed')
    .map((n) => `${n.name} (${n.phase}${n.message ? `: ${n.message}` : ''})`)
    .join(', ');
}

/**
 * What phase an instance is in, from what the user asked (`state`), the revision it
 * should run, and what the host's agent reported. Pure: the controller calls it and
 * records transitions; GET shows it too.
 */
export function concludePhase(row: InstanceRow, seen: Observation): Conclusion {
  if (row.state === 'deleting') return { phase: 'deleting', reason: null };
  const deadline = row.deployStartedAt.getTime() + row.deadlineSeconds * 1000;
  const late = seen.now.getTime() > deadline;
  const status = seen.status?.revision === row.revision ? seen.status : undefined;
  if (!status) {
    if (!late)
      return {
        phase: seen.applied ? 'deploying' : 'pending',
        reason: seen.hostOnline ? null : 'waiting for the host to come online',
      };
    return {
      phase: 'failed',
      reason: seen.hostOnline
        ? 'the host did not report the deployment in time'
        : 'the host was offline until the deadline',
    };
  }
  if (row.state === 'stopped') {
    const stopped = status.nodes.every((n) => n.phase === 'stopped' || n.phase === 'completed');
    return { phase: stopped ? 'stopped' : 'deploying', reason: null };
  }
  const failed = status.nodes.filter((n) => terminal.has(n.phase));
  if (failed.length > 0) return { phase: 'failed', reason: describeNodes(failed) };
  const ready = status.nodes.every((n) => n.ready || n.phase === 'completed');
  if (ready && status.nodes.length > 0) return { phase: 'running', reason: null };
  if (row.phase === 'running' || row.phase === 'degraded') {
    return { phase: 'degraded', reason: describeNodes(status.nodes) || null };
  }
  if (!late) return { phase: 'deploying', reason: null };
  return {
    phase: 'failed',
    reason: `not healthy within ${row.deadlineSeconds} s: ${describeNodes(status.nodes)}`,
  };
}
