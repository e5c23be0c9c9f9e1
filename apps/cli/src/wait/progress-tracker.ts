import type { Instance } from '@berth/spec';
import { formatDuration } from '../duration.js';
import { printable } from '../table.js';

type NodeStatus = Instance['status']['nodes'][number];

/** Turns successive reads of an instance into the lines that say what changed. */
export interface ProgressTracker {
  /**
   * The lines for what changed since the last read: `shop: deploying → running (why)`
   * for the instance's phase or version, `  web: starting → running` for each node.
   * The first read reports the phase and every node it lists.
   */
  update(instance: Instance): string[];
}

/**
 * Remembers the last phase, version and each node's state it saw. A node that drops out
 * of the status (a new revision the host has not reported yet) keeps its last known
 * state, so a node that stays running through a scale is not reported again.
 */
export function createProgressTracker(): ProgressTracker {
  let phase: string | undefined;
  let reason: string | null = null;
  let version: string | undefined;
  const nodes = new Map<string, string>();
  return {
    update(instance) {
      const lines: string[] = [];
      const name = printable(instance.name);
      if (version !== undefined && instance.version !== version) {
        lines.push(`${name}: version ${version} → ${instance.version}`);
      }
      version = instance.version;
      const { status } = instance;
      if (status.phase !== phase || (status.reason !== reason && status.reason !== null)) {
        const arrow = phase !== undefined && phase !== status.phase ? `${phase} → ` : '';
        const why = status.reason ? ` (${printable(status.reason)})` : '';
        lines.push(`${name}: ${arrow}${status.phase}${why}`);
      }
      phase = status.phase;
      reason = status.reason;
      for (const node of status.nodes) {
        const state = nodeState(node);
        const before = nodes.get(node.name);
        if (before === state) continue;
        nodes.set(node.name, state);
        const message = node.message ? `: ${printable(node.message)}` : '';
        lines.push(`  ${printable(node.name)}: ${before ? `${before} → ` : ''}${state}${message}`);
      }
      return lines;
    },
  };
}

/** A node's phase, and whether it is ready when that is not what the phase implies. */
function nodeState(node: NodeStatus): string {
  if (node.phase === 'running' && !node.ready) return 'running (not ready)';
  return printable(node.phase);
}

/** The compact status of an instance for a spinner line: `shop deploying · 1/2 ready · 12s`. */
export function statusLine(instance: Instance, elapsedMs: number): string {
  const nodes = instance.status.nodes;
  const ready = nodes.filter((n) => n.ready || n.phase === 'completed').length;
  const counts = nodes.length > 0 ? ` · ${ready}/${nodes.length} ready` : '';
  return `${printable(instance.name)} ${instance.status.phase}${counts} · ${formatDuration(elapsedMs)}`;
}
