import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { createdAt } from './columns.js';

/** Clusters, their nodes and what those nodes run and report; edge cluster consoles. */

/**
 * Clusters: where instances run (domain §7). `shared` clusters belong to the platform
 * account and are offered to every account (cloud regions, the embedded `local`).
 */
export const clusters = pgTable(
  'clusters',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    displayName: text('display_name'),
    type: text('type', { enum: ['edge', 'edge-appliance', 'cloud'] }).notNull(),
    runtime: text('runtime', { enum: ['engine', 'kubernetes'] }).notNull(),
    storage: jsonb('storage').$type<{ nfs: { server: string; path: string } } | null>(),
    serviceCidr: text('service_cidr'),
    shared: boolean('shared').notNull().default(false),
    /** Registry mirrors, and credentials by registry (the passwords are secret ids). */
    registries: jsonb('registries')
      .$type<{
        mirrors: Record<string, string>;
        auths: Record<string, { username: string; secretId: string }>;
      }>()
      .notNull()
      .default({ mirrors: {}, auths: {} }),
    agentSettings: jsonb('agent_settings')
      .$type<{ heartbeatSeconds: number; logLevel: 'error' | 'warn' | 'info' | 'debug' }>()
      .notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('clusters_account_name').on(t.accountId, t.name)],
);

/**
 * Hosts of a cluster. A node is created with a single-use join token (hashed); at join
 * the agent registers its own Ed25519 public key, which authenticates every session
 * after. `desired_generation` moves whenever what the node should run changes;
 * `applied_generation` is what its agent last acknowledged. The table's fillfactor is 50
 * (migration 0009, not expressible here) so that these frequent updates stay HOT.
 */
export const nodes = pgTable(
  'nodes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    ipSegment: text('ip_segment'),
    joinTokenHash: text('join_token_hash'),
    joinTokenExpiresAt: timestamp('join_token_expires_at', { withTimezone: true }),
    joinTokenUsedAt: timestamp('join_token_used_at', { withTimezone: true }),
    publicKey: text('public_key'),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    facts: jsonb('facts'),
    observed: jsonb('observed'),
    desiredGeneration: bigint('desired_generation', { mode: 'number' }).notNull().default(1),
    appliedGeneration: bigint('applied_generation', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('nodes_cluster_name').on(t.clusterId, t.name),
    uniqueIndex('nodes_join_token').on(t.joinTokenHash),
    index('nodes_account').on(t.accountId),
  ],
);

/** What a node should run, one row per workload; the agent gets them in its desired state. */
export const nodeWorkloads = pgTable(
  'node_workloads',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    nodeId: text('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    workloadId: text('workload_id').notNull(),
    kind: text('kind').notNull(),
    revision: text('revision').notNull(),
    spec: jsonb('spec').notNull(),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.workloadId] })],
);

/**
 * Base components initialised on hosts of an `edge-appliance` cluster (domain §7 组件管理):
 * one row per host and component, naming the revision put in the host's workloads and
 * when, so a host's status can be judged against a deadline. The workload itself is in
 * `node_workloads` (id `component-<name>`), run by the agent like an instance.
 */
export const clusterComponents = pgTable(
  'cluster_components',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    nodeId: text('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    component: text('component').notNull(),
    revision: text('revision').notNull(),
    initialisedAt: timestamp('initialised_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.nodeId, t.component] }),
    index('cluster_components_cluster').on(t.clusterId, t.component),
  ],
);

/**
 * Accounts of an edge cluster's own console (domain §7 集群控制台): the super account
 * `iotedgeadmin` (first password = its name, changed at first sign-in) and users, whose
 * mobile number is required, unique in the cluster and stored normalised (E.164), so
 * two spellings of one number cannot both be stored.
 */
export const consoleUsers = pgTable(
  'console_users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    username: text('username').notNull(),
    mobile: text('mobile'),
    superuser: boolean('superuser').notNull().default(false),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('console_users_cluster_username').on(t.clusterId, t.username),
    uniqueIndex('console_users_cluster_mobile').on(t.clusterId, t.mobile),
    index('console_users_account').on(t.accountId),
    check('console_users_mobile_required', sql`${t.superuser} or ${t.mobile} is not null`),
  ],
);

/**
 * Sessions of the cluster console (`bcon_…` tokens, SHA-256 at rest like the others),
 * each bound to one console user and so to one cluster. `via` says whether a password or
 * the account's login-free call opened it.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => consoleUsers.id, { onDelete: 'cascade' }),
    via: text('via', { enum: ['password', 'login-free'] }).notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('console_sessions_token_hash').on(t.tokenHash),
    index('console_sessions_user').on(t.userId),
  ],
);

/** Events agents report. The agent picks the id, so a resent event is stored once. */
export const nodeEvents = pgTable(
  'node_events',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    nodeId: text('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    time: timestamp('time', { withTimezone: true }).notNull(),
    workload: text('workload'),
    node: text('node'),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('node_events_node_time').on(t.nodeId, t.time),
    index('node_events_workload').on(t.workload),
  ],
);
