import type { ComponentEntry, InstanceWorkloadSpec } from '@berth/spec';
import { hashOf } from '../instances/compile-workload.js';

/**
 * How long hosts have to report a component running after it was initialised on them.
 * Generous: an appliance on a slow uplink may pull a few hundred megabytes first.
 */
export const componentDeadlineSeconds = 900;

/** The workload id of a component on a host: unique there, and never an instance's UUID. */
export function componentWorkloadId(name: string): string {
  return `component-${name}`;
}

/**
 * A component as the `instance` workload the agents' container driver runs: its own
 * network and containers named `berth-<component>…`, volumes kept if the workload is
 * ever removed (they hold a broker's or a mirror's data). Pure; equal entries compile to
 * equal revisions, so initialising again changes nothing.
 */
export function compileComponent(entry: ComponentEntry): {
  spec: InstanceWorkloadSpec;
  revision: string;
} {
  const nodes = entry.nodes.map((node) => ({ ...node, hash: hashOf(node) }));
  const spec: InstanceWorkloadSpec = {
    instance: `berth-${entry.name}`,
    instanceId: componentWorkloadId(entry.name),
    app: 'berth-components',
    version: '1',
    levels: [nodes.map((n) => n.name)],
    nodes,
    stopped: false,
    keepVolumes: true,
    deadlineSeconds: componentDeadlineSeconds,
  };
  return { spec, revision: hashOf(spec) };
}
