import { z } from 'zod';
import { appName } from '../apps/app-name.js';
import { versionName } from '../apps/version-name.js';
import { clusterName, nodeName } from './clusters.js';
import { timestamp } from './common.js';

/** An instance name: a DNS label, unique in the account. */
export const instanceName = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(40, 'must be at most 40 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  )
  // Hosts run Berth's own components as instances named berth-<component>; a user's
  // instance of that name would take over their containers and network.
  .refine((name) => !name.startsWith('berth-'), 'must not start with "berth-" (reserved)');

const paramValue = z.union([z.string().max(4096), z.number(), z.boolean()]);
const specNodeName = z.string().min(1).max(63);

export const deployRequest = z
  .strictObject({
    name: instanceName,
    app: appName,
    version: versionName,
    cluster: clusterName,
    node: nodeName
      .optional()
      .meta({ description: 'The host to run on; chosen by free resources when omitted' }),
    params: z
      .record(z.string().max(64), paramValue)
      .optional()
      .meta({ description: "Values of the spec's parameters" }),
    replicas: z.record(specNodeName, z.number().int().min(0).max(100)).optional(),
    deadlineSeconds: z.number().int().min(10).max(86_400).optional(),
  })
  .meta({
    example: {
      name: 'parking-north',
      app: 'parking',
      version: '1.4.0',
      cluster: 'north',
      params: { site: 'north' },
    },
  });
export type DeployRequest = z.infer<typeof deployRequest>;

export const instancePhases = [
  'pending',
  'deploying',
  'running',
  'degraded',
  'failed',
  'stopped',
  'deleting',
] as const;
export type InstancePhase = (typeof instancePhases)[number];

export const instanceNodeStatus = z.object({
  name: z.string(),
  phase: z.string(),
  ready: z.boolean(),
  restarts: z.number().int(),
  endpoints: z.array(z.string()),
  message: z.string().optional(),
});

export const instance = z.object({
  name: instanceName,
  app: appName,
  version: versionName,
  previousVersion: versionName.nullable(),
  cluster: clusterName,
  node: z.string().meta({ description: 'The host the instance runs on' }),
  state: z.enum(['running', 'stopped', 'deleting']),
  status: z.object({
    phase: z.enum(instancePhases),
    reason: z.string().nullable(),
    nodes: z.array(instanceNodeStatus),
  }),
  params: z
    .record(z.string(), paramValue)
    .meta({ description: 'Parameter values; secret ones are not shown' }),
  replicas: z.record(z.string(), z.number().int()),
  resources: z.object({ cpuMillis: z.number().int(), memoryMi: z.number().int() }),
  deployStartedAt: timestamp,
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Instance = z.infer<typeof instance>;

export const instanceParams = z.strictObject({ name: instanceName });

export const upgradeRequest = z
  .strictObject({ version: versionName })
  .meta({ example: { version: '1.1.0' } });
export const scaleRequest = z
  .strictObject({ node: specNodeName, replicas: z.number().int().min(0).max(100) })
  .meta({ example: { node: 'web', replicas: 2 } });
export const deleteInstanceQuery = z.strictObject({
  keepData: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Keep volumes and managed databases' }),
});

export const instanceEvent = z.object({
  time: timestamp,
  node: z.string().nullable(),
  reason: z.string(),
  message: z.string(),
  source: z.enum(['control-plane', 'agent']),
});
export type InstanceEvent = z.infer<typeof instanceEvent>;

export const eventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const logsQuery = z.strictObject({
  node: specNodeName.optional(),
  source: z.enum(['stdout', 'file']).default('stdout'),
  follow: z.enum(['true', 'false', '1', '0']).optional(),
  tail: z.coerce.number().int().min(0).max(100_000).default(200),
});
