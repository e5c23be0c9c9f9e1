import { z } from 'zod';
import { nodeFacts } from '../agent/node-facts.js';
import { timestamp } from './common.js';

/** A cluster name: a DNS label, like account and app names. */
export const clusterName = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
  );

/** A node name (domain §7): 4–30 digits, lower-case letters and hyphens, no hyphen at either end. */
export const nodeName = z
  .string()
  .min(4, 'must be at least 4 characters')
  .max(30, 'must be at most 30 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be digits, lower-case letters and hyphens, not starting or ending with a hyphen',
  );

export const clusterTypes = ['edge', 'edge-appliance', 'cloud'] as const;
export const clusterRuntimes = ['engine', 'kubernetes'] as const;

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const hostnamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IPv4 CIDR such as `10.96.0.0/16`, with no host bits set. */
export const ipv4Cidr = z
  .string()
  .max(18)
  .refine(
    (value) => parseCidr(value) !== null,
    'must be an IPv4 CIDR such as 10.96.0.0/16 (prefix 8–32), with no host bits set',
  );

/** Parses `a.b.c.d/n` into its network number and prefix length; null when invalid. */
export function parseCidr(value: string): { network: number; prefix: number } | null {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || !address || !bits || !ipv4.test(address) || !/^\d{1,2}$/.test(bits))
    return null;
  const prefix = Number(bits);
  if (prefix < 8 || prefix > 32) return null;
  const network = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const mask = prefix === 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
  return (network & ~mask) >>> 0 === 0 ? { network, prefix } : null;
}

/** Whether two CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const prefix = Math.min(x.prefix, y.prefix);
  const mask = prefix === 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
  return (x.network & mask) >>> 0 === (y.network & mask) >>> 0;
}

/** Checked segment by segment: a single regular expression here would invite ReDoS. */
function isExportPath(path: string): boolean {
  if (!path.startsWith('/')) return false;
  const segments = path.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop();
  return segments.every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '..' && s !== '.');
}

export const nfsStorage = z.strictObject({
  server: z
    .string()
    .max(253)
    .refine(
      (v) => ipv4.test(v) || hostnamePattern.test(v),
      'must be a host name or an IPv4 address',
    ),
  path: z
    .string()
    .max(1024)
    .refine(
      isExportPath,
      'must be an absolute export path such as /exports/berth (letters, digits, ".", "_", "-"; no "..")',
    ),
});

export const createClusterRequest = z
  .strictObject({
    name: clusterName,
    displayName: z.string().trim().min(1).max(100).optional(),
    type: z.enum(clusterTypes),
    runtime: z.enum(clusterRuntimes).default('engine'),
    storage: z.strictObject({ nfs: nfsStorage }).optional(),
    serviceCidr: ipv4Cidr.optional(),
  })
  .meta({
    example: {
      name: 'north-site',
      type: 'edge',
      runtime: 'engine',
      storage: { nfs: { server: '10.0.0.5', path: '/exports/berth' } },
      serviceCidr: '10.96.0.0/16',
    },
  });
export type CreateClusterRequest = z.input<typeof createClusterRequest>;

export const agentSettingsRequest = z
  .strictObject({
    heartbeatSeconds: z.number().int().min(1).max(3600).optional(),
    logLevel: z.enum(['error', 'warn', 'info', 'debug']).optional(),
  })
  .meta({ example: { heartbeatSeconds: 10, logLevel: 'info' } });

export const cluster = z.object({
  name: clusterName,
  displayName: z.string().nullable(),
  type: z.enum(clusterTypes),
  runtime: z.enum(clusterRuntimes),
  storage: z.object({ nfs: nfsStorage }).nullable(),
  serviceCidr: z.string().nullable(),
  /** Owned by the platform and offered to every account (cloud regions, the embedded `local`). */
  shared: z.boolean(),
  agentSettings: z.object({ heartbeatSeconds: z.number().int(), logLevel: z.string() }),
  nodes: z.object({ total: z.number().int(), online: z.number().int() }),
  createdAt: timestamp,
  warnings: z
    .array(z.string())
    .meta({ description: 'Things worth a look, e.g. an overlapping address range' }),
});
export type Cluster = z.infer<typeof cluster>;

export const clusterParams = z.strictObject({ cluster: clusterName });
export const nodeParams = z.strictObject({ cluster: clusterName, node: nodeName });

export const createNodeRequest = z
  .strictObject({ name: nodeName, ipSegment: ipv4Cidr.optional() })
  .meta({ example: { name: 'gate-01', ipSegment: '192.168.10.0/24' } });
export type CreateNodeRequest = z.infer<typeof createNodeRequest>;

export const nodeStatuses = ['pending', 'online', 'offline', 'revoked'] as const;

export const node = z.object({
  name: nodeName,
  cluster: clusterName,
  ipSegment: z.string().nullable(),
  status: z.enum(nodeStatuses),
  lastSeenAt: timestamp.nullable(),
  joinedAt: timestamp.nullable(),
  facts: nodeFacts.nullable(),
  desiredGeneration: z.number().int(),
  appliedGeneration: z.number().int(),
  createdAt: timestamp,
});
export type Node = z.infer<typeof node>;

export const joinInstructions = z.object({
  command: z
    .string()
    .meta({ description: 'Run on the host: joins it once, then keeps the agent running' }),
  token: z.string().meta({ description: 'Single use, bound to this node. Shown once.' }),
  expiresAt: timestamp,
});

export const createdNode = node.extend({ join: joinInstructions, warnings: z.array(z.string()) });
export type CreatedNode = z.infer<typeof createdNode>;

const registryHost = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/,
    'must be a registry host such as docker.io or mirror.site.local:5000',
  );

/** A mirror: a registry host, optionally with a repository prefix (`mirror.local:5000/hub`). */
const mirrorLocation = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
    'must be a registry host, optionally with a path: mirror.site.local:5000 or mirror.local/hub',
  );

/** `PUT /clusters/{cluster}/registries`: where the cluster's hosts pull images from. */
export const registriesRequest = z
  .strictObject({
    mirrors: z.record(registryHost, mirrorLocation).default({}),
    auths: z
      .record(
        registryHost,
        z.strictObject({
          username: z.string().min(1).max(256),
          password: z.string().min(1).max(4096),
        }),
      )
      .default({}),
  })
  .meta({
    example: {
      mirrors: { 'docker.io': 'mirror.site.local:5000' },
      auths: { 'mirror.site.local:5000': { username: 'puller', password: 'registry password' } },
    },
  });

export const registries = z.object({
  mirrors: z.record(z.string(), z.string()),
  auths: z
    .record(z.string(), z.object({ username: z.string() }))
    .meta({ description: 'Passwords are never shown' }),
});
