import { z } from 'zod';
import { capabilityName, deviceSpelling, hostPath } from './container-security.js';
import { imageReference } from './image-reference.js';
import { cpuQuantity, memoryQuantity } from './quantities.js';
import { specLimits } from './spec-limits.js';
import {
  absolutePath,
  argv,
  envName,
  identifier,
  nodeName,
  portName,
  versionToken,
} from './spec-strings.js';

/**
 * The shape of the nodes of an app spec (field names fixed by api.md). Shape only: the
 * rules that relate fields to each other live in `rules/`.
 */

const between = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** A TCP/UDP port number. */
export const portNumber = between(1, 65535);

/** A port by number or by the name of one of the node's ports. */
export const portRef = z.union([portNumber, portName], {
  error: 'must be a port number (1–65535) or the name of one of the node’s ports',
});

export const protocols = ['tcp', 'udp'] as const;
export const serviceTypes = ['ClusterIP', 'LoadBalancer'] as const;

export const portSchema = z.strictObject({
  name: portName,
  port: portNumber.meta({ description: 'The port the container listens on' }),
  protocol: z.enum(protocols).optional().meta({ description: 'Default `tcp`' }),
  expose: z
    .boolean()
    .optional()
    .meta({ description: 'Reachable from outside the app (default false)' }),
  serviceType: z.enum(serviceTypes).optional().meta({
    description: '`ClusterIP`: only the app’s nodes reach it; `LoadBalancer`: an outside address',
  }),
  hostPort: portNumber.optional().meta({ description: 'Publish on this port of the host' }),
});
export type PortSpec = z.infer<typeof portSchema>;

/** How a middleware node's catalog port is exposed (the port number comes from the catalog). */
export const middlewarePortSchema = portSchema.omit({ port: true, protocol: true });
export type MiddlewarePortSpec = z.infer<typeof middlewarePortSchema>;

export const healthSchema = z.strictObject({
  http: z.strictObject({ path: absolutePath, port: portRef }).optional(),
  tcp: z.strictObject({ port: portRef }).optional(),
  exec: argv.min(1, 'must name the program to run').optional(),
  intervalSeconds: between(1, 3600).optional(),
  timeoutSeconds: between(1, 3600).optional(),
  failureThreshold: between(1, 100).optional(),
  startPeriodSeconds: between(0, 3600).optional(),
});
export type HealthSpec = z.infer<typeof healthSchema>;

export const resourcesSchema = z.strictObject({
  cpu: cpuQuantity.optional(),
  memory: memoryQuantity.optional(),
});
export type ResourcesSpec = z.infer<typeof resourcesSchema>;

export const volumeSchema = z.strictObject({
  name: portName,
  mountPath: absolutePath,
  hostPath: hostPath.optional().meta({
    description:
      'Mount this host path instead of a private volume (the account’s container policy must allow it)',
  }),
  readOnly: z.boolean().optional().meta({ description: 'Only with hostPath (default false)' }),
});
export type VolumeSpec = z.infer<typeof volumeSchema>;

/**
 * What a container may do on its host beyond the defaults. Every field needs the
 * account's container policy to allow it at deploy time (R15); the values are parsed to
 * their canonical spelling (`container-security.ts`).
 */
export const securitySchema = z.strictObject({
  privileged: z.boolean().optional().meta({ description: 'Every capability and every device' }),
  hostPID: z.boolean().optional().meta({ description: 'Share the host’s process namespace' }),
  capabilities: z
    .array(capabilityName)
    .max(
      specLimits.capabilitiesPerNode,
      `must have at most ${specLimits.capabilitiesPerNode} items`,
    )
    .optional()
    .meta({ description: 'Linux capabilities added to the engine’s default set' }),
  devices: z
    .array(deviceSpelling)
    .max(specLimits.devicesPerNode, `must have at most ${specLimits.devicesPerNode} items`)
    .optional()
    .meta({ description: 'Host devices: HOST[:CONTAINER][:PERMISSIONS]' }),
});
export type SecuritySpec = z.infer<typeof securitySchema>;

const envValue = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be a string (quote numbers and booleans in YAML: "8080")',
  })
  .max(specLimits.envValueLength, `must be at most ${specLimits.envValueLength} characters`)
  .regex(/^[^\0]*$/, 'must not contain NUL characters');

/** Environment variables: name → value with `${node.field}` / `${params.name}` references. */
export const envSchema = z
  .record(envName, envValue)
  .refine((env) => Object.keys(env).length <= specLimits.envPerNode, {
    error: `must have at most ${specLimits.envPerNode} variables`,
  });

const dependsOn = z
  .array(nodeName)
  .max(specLimits.dependsOnPerNode, `must have at most ${specLimits.dependsOnPerNode} items`)
  .meta({ description: 'Nodes deployed (and healthy) before this one' });

const quotedString = (what: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? 'is required' : `must be a string (quote ${what} in YAML: "8.0")`,
  });

const containerFields = {
  name: nodeName,
  image: imageReference,
  command: argv.min(1, 'must name the program to run').optional().meta({
    description: 'argv, never a shell string: each item is passed as one argument',
  }),
  args: argv.optional(),
  ports: z
    .array(portSchema)
    .max(specLimits.portsPerNode, `must have at most ${specLimits.portsPerNode} ports`)
    .optional(),
  hostNetwork: z.boolean().optional(),
  env: envSchema.optional(),
  resources: resourcesSchema.optional(),
  replicas: between(1, specLimits.replicas).optional(),
  health: healthSchema.optional(),
  logPath: absolutePath.optional().meta({ description: 'Folder the app writes its log files to' }),
  volumes: z
    .array(volumeSchema)
    .max(specLimits.volumesPerNode, `must have at most ${specLimits.volumesPerNode} volumes`)
    .optional(),
  dependsOn: dependsOn.optional(),
  security: securitySchema.optional(),
};

/** The ISV's own image, restarted when unhealthy. */
export const customNodeSchema = z.strictObject({ kind: z.literal('custom'), ...containerFields });
export type CustomNode = z.infer<typeof customNodeSchema>;

/** Runs to completion once per deployment; never restarted once it succeeded. */
export const initNodeSchema = z.strictObject({ kind: z.literal('init'), ...containerFields });
export type InitNode = z.infer<typeof initNodeSchema>;

const middlewareParamValue = z.union(
  [z.string().max(specLimits.envValueLength), z.number(), z.boolean()],
  { error: 'must be a string, a number or a boolean' },
);

/** A catalog middleware image, used unmodified. */
export const middlewareNodeSchema = z.strictObject({
  name: nodeName,
  kind: z.literal('middleware'),
  template: nodeName.meta({ description: 'Catalog entry, e.g. `mysql`' }),
  version: quotedString('versions')
    .pipe(versionToken)
    .meta({ description: 'A tag the catalog offers' }),
  params: z
    .record(identifier, middlewareParamValue)
    .refine((p) => Object.keys(p).length <= specLimits.middlewareParams, {
      error: `must have at most ${specLimits.middlewareParams} parameters`,
    })
    .optional()
    .meta({ description: 'Catalog parameters; secrets are generated when left out' }),
  ports: z
    .array(middlewarePortSchema)
    .max(specLimits.portsPerNode, `must have at most ${specLimits.portsPerNode} ports`)
    .optional()
    .meta({ description: 'Expose catalog ports (by name) outside the app' }),
  resources: resourcesSchema.optional(),
  dependsOn: dependsOn.optional(),
});
export type MiddlewareNode = z.infer<typeof middlewareNodeSchema>;

/** A database the platform provisions on a server it runs. */
export const managedNodeSchema = z.strictObject({
  name: nodeName,
  kind: z.literal('managed'),
  template: nodeName.meta({ description: 'The engine: `postgres` or `mysql`' }),
  version: quotedString('versions').pipe(versionToken).optional(),
  dependsOn: dependsOn.optional(),
});
export type ManagedNode = z.infer<typeof managedNodeSchema>;

export const appNodeSchema = z.discriminatedUnion('kind', [
  customNodeSchema,
  middlewareNodeSchema,
  managedNodeSchema,
  initNodeSchema,
]);
export type AppNode = z.infer<typeof appNodeSchema>;
export type ContainerNode = CustomNode | InitNode;
export const nodeKinds = ['custom', 'middleware', 'managed', 'init'] as const;
export type NodeKind = (typeof nodeKinds)[number];
