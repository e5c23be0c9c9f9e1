import type { ComponentNodePhase, ComponentStatus, WorkloadStatus } from '@berth/spec';

/** What is known of a component on one host. */
export interface ComponentObservation {
  /** What the host's agent last reported for the component's workload, if anything. */
  status: WorkloadStatus | undefined;
  /** The revision the host should run. */
  revision: string;
  initialisedAt: Date;
  deadlineSeconds: number;
  /** Whether the host's agent has applied the desired state that holds the revision. */
  applied: boolean;
  hostOnline: boolean;
  now: Date;
}

function notReady(nodes: WorkloadStatus['nodes']): string {
  return nodes
    .filter((n) => !n.ready && n.phase !== 'completed')
    .map((n) => `${n.name} (${n.phase}${n.message ? `: ${n.message}` : ''})`)
    .join(', ');
}

/**
 * The phase of a component on one host, from its agent's report of the current
 * revision — the same reading as an instance's phase, with the deadline counted from
 * when the component was initialised on the host. A host that has not reported it yet
 * is `pending` while offline (an appliance may be switched off), and `failed` only once
 * it is online, has applied it and still says nothing after the deadline. Pure.
 */
export function componentNodePhase(seen: ComponentObservation): {
  phase: ComponentNodePhase;
  message?: string;
} {
  const late = seen.now.getTime() > seen.initialisedAt.getTime() + seen.deadlineSeconds * 1000;
  const status = seen.status?.revision === seen.revision ? seen.status : undefined;
  if (!status) {
    if (!seen.hostOnline)
      return { phase: 'pending', message: 'waiting for the host to come online' };
    if (!seen.applied) return { phase: 'pending', message: 'waiting for the host to take it' };
    if (!late) return { phase: 'deploying' };
    return { phase: 'failed', message: 'the host did not report the component in time' };
  }
  const failed = status.nodes.filter((n) => n.phase === 'failed');
  if (failed.length > 0) return { phase: 'failed', message: notReady(failed) };
  const ready = status.nodes.filter((n) => n.ready || n.phase === 'completed');
  if (status.nodes.length > 0 && ready.length === status.nodes.length) return { phase: 'running' };
  const message = notReady(status.nodes);
  if (!late) return message ? { phase: 'deploying', message } : { phase: 'deploying' };
  return { phase: ready.length > 0 ? 'degraded' : 'failed', message: message || 'not ready' };
}

/**
 * A component's status over the hosts it was initialised on: `ready` when it runs on
 * all of them; while any host is still on its way, `initialising` — unless some host has
 * settled as failed, which shows as `degraded` next to running hosts and `failed`
 * without any. Pure.
 */
export function componentStatus(phases: readonly ComponentNodePhase[]): ComponentStatus {
  if (phases.length === 0) return 'not-initialised';
  const running = phases.filter((p) => p === 'running').length;
  if (running === phases.length) return 'ready';
  const broken = phases.some((p) => p === 'failed' || p === 'degraded');
  if (!broken) return 'initialising';
  return running > 0 || phases.includes('degraded') ? 'degraded' : 'failed';
}
