import { z } from 'zod';
import { clusterName, nodeName } from './clusters.js';
import { timestamp } from './common.js';

/** The cluster type whose hosts have base components (domain §7 组件管理). */
export const componentClusterType = 'edge-appliance';

export const componentName = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(40, 'must be at most 40 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  );

export const componentParams = z.strictObject({ cluster: clusterName, component: componentName });

/**
 * A component's status over its hosts: `not-initialised` (on none), `initialising`
 * (some hosts still starting it), `ready` (running on every host it was initialised on),
 * `degraded` (running on some, failed on others), `failed` (on none of them).
 */
export const componentStatuses = [
  'not-initialised',
  'initialising',
  'ready',
  'degraded',
  'failed',
] as const;
export type ComponentStatus = (typeof componentStatuses)[number];

/**
 * A component on one host, from what its agent reports: `pending` (the host has not
 * reported this revision yet — offline, or not joined), `deploying`, `running`,
 * `degraded` (some containers not ready after the deadline), `failed`.
 */
export const componentNodePhases = [
  'pending',
  'deploying',
  'running',
  'degraded',
  'failed',
] as const;
export type ComponentNodePhase = (typeof componentNodePhases)[number];

export const clusterComponent = z.object({
  name: componentName,
  displayName: z.string(),
  description: z.string(),
  images: z.array(z.string()),
  status: z.enum(componentStatuses),
  nodes: z.array(
    z.object({
      node: nodeName,
      phase: z.enum(componentNodePhases),
      message: z.string().optional(),
      initialisedAt: timestamp,
    }),
  ),
});
export type ClusterComponent = z.infer<typeof clusterComponent>;

/** `POST …/components/{component}/initialise`: no body (every host) or the hosts to add. */
export const initialiseComponentRequest = z
  .strictObject({
    nodes: z
      .array(nodeName)
      .min(1, 'must name at least one node (or leave nodes out: every node)')
      .max(500)
      .optional()
      .meta({
        description: 'The hosts to initialise it on; every node of the cluster when omitted',
      }),
  })
  .meta({ example: { nodes: ['gate-01'] } });
export type InitialiseComponentRequest = z.infer<typeof initialiseComponentRequest>;
