import { z } from 'zod';
import { appSpecExample } from './app-spec-example.js';
import { appNodeSchema, portRef } from './node-schema.js';
import { specLimits } from './spec-limits.js';
import {
  absolutePath,
  identifier,
  nodeName,
  permissionName,
  shellHazard,
  text,
  versionToken,
} from './spec-strings.js';

/**
 * The app spec document: one per app version, the same document `berth apply -f app.yaml`
 * reads. Field names are fixed by api.md. This is the shape; `validateAppSpec` adds the
 * rules that relate fields to each other.
 */

/** The shape version this code writes. Older documents are brought here by `migrateAppSpec`. */
export const currentSpecVersion = 1;

export const parameterTypes = ['string', 'number', 'boolean'] as const;

export const parameterSchema = z.strictObject({
  name: identifier,
  type: z.enum(parameterTypes),
  default: z
    .union([text(specLimits.envValueLength), z.number(), z.boolean()], {
      error: 'must be a string, a number or a boolean',
    })
    .optional(),
  pattern: text(specLimits.patternLength)
    .optional()
    .meta({ description: 'Regular expression a string value must match' }),
  label: text(specLimits.labelLength).optional(),
  description: text().optional(),
  secret: z.boolean().optional().meta({ description: 'Never shown after it is set' }),
  required: z.boolean().optional(),
});
export type ParameterSpec = z.infer<typeof parameterSchema>;

export const dataModelPermissions = ['read', 'create+read', 'crud'] as const;

export const dataModelSchema = z.strictObject({
  model: identifier,
  version: versionToken,
  permission: z.enum(dataModelPermissions),
  subscribe: z.boolean().optional().meta({ description: 'Receive changes of the records' }),
});
export type DataModelSpec = z.infer<typeof dataModelSchema>;

export const serviceDependencySchema = z.strictObject({
  model: identifier,
  version: versionToken,
  operations: z
    .array(identifier)
    .min(1, 'must name at least one operation the app calls')
    .max(specLimits.operations, `must have at most ${specLimits.operations} items`),
});

export const serviceProvisionSchema = z.strictObject({
  model: identifier,
  version: versionToken,
  node: nodeName.meta({ description: 'A custom node' }),
  port: portRef.meta({ description: 'One of its ports that is not exposed' }),
});

const bounded = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max, `must have at most ${max} items`);

export const servicesSchema = z.strictObject({
  depends: bounded(serviceDependencySchema, specLimits.services).optional(),
  provides: bounded(serviceProvisionSchema, specLimits.services).optional(),
});

export const loginFreeSchema = z.strictObject({
  path: absolutePath.meta({ description: 'OAuth default path' }),
  node: nodeName,
  port: portRef.meta({ description: 'An exposed port of the node' }),
});

const httpUrlPattern =
  /^https?:\/\/[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?(\/[A-Za-z0-9._~@%+=,:-]+)*\/?$/;

/** An http(s) URL without credentials, query or fragment: what a server instance answers on. */
export const httpUrl = z
  .string()
  .max(specLimits.urlLength, `must be at most ${specLimits.urlLength} characters`)
  .regex(httpUrlPattern, {
    error: (issue) =>
      shellHazard(String(issue.input)) ??
      'must be an http(s) URL such as https://parking.example.com (no credentials, query or fragment)',
  });

export const serverInstanceSchema = z.strictObject({
  url: httpUrl,
  path: absolutePath.meta({ description: 'Where the platform opens tenants' }),
});

export const appSpecSchema = z
  .strictObject({
    specVersion: z
      .literal(currentSpecVersion, {
        error: `must be ${currentSpecVersion}, or left out for the current version`,
      })
      .default(currentSpecVersion)
      .meta({ description: 'Shape version of the document' }),
    parameters: bounded(parameterSchema, specLimits.parameters).optional(),
    nodes: bounded(appNodeSchema, specLimits.nodes).optional(),
    permissions: bounded(permissionName, specLimits.permissions)
      .optional()
      .meta({ description: 'Platform APIs the app calls' }),
    dataModels: bounded(dataModelSchema, specLimits.dataModels).optional(),
    services: servicesSchema.optional(),
    loginFree: loginFreeSchema.optional(),
    serverInstance: serverInstanceSchema
      .optional()
      .meta({ description: 'Account-distributed apps: the service that opens tenants' }),
  })
  .meta({
    title: 'Berth app spec',
    description: 'The nodes and declarations of one app version',
    example: appSpecExample,
  });

/** A validated app spec (after `validateAppSpec`). */
export type AppSpec = z.infer<typeof appSpecSchema>;
/** An app spec as people write it (`specVersion` may be left out). */
export type AppSpecInput = z.input<typeof appSpecSchema>;
export type ServicesSpec = z.infer<typeof servicesSchema>;
export type LoginFreeSpec = z.infer<typeof loginFreeSchema>;
export type ServerInstanceSpec = z.infer<typeof serverInstanceSchema>;
