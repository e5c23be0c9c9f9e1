import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { apps, appVersions } from './apps.js';
import { clusters, nodes } from './clusters.js';
import { createdAt } from './columns.js';

/** Instances of apps and the managed databases they get (domain §6). */

/**
 * Instances: a published version deployed to a host of a cluster (domain §6). `state` is
 * what the user asked for; `phase` what the controller last concluded from the agent's
 * reports. Secret values live in `secrets`; the row holds their ids only.
 */
export const instances = pgTable(
  'instances',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    versionId: text('version_id')
      .notNull()
      .references(() => appVersions.id),
    previousVersionId: text('previous_version_id').references(() => appVersions.id),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    nodeId: text('node_id')
      .notNull()
      .references(() => nodes.id),
    params: jsonb('params').$type<Record<string, string | number | boolean>>().notNull(),
    /** Secret ids by reference: `params.<name>` for secret parameters, `<node>.<param>` for generated ones. */
    secretIds: jsonb('secret_ids').$type<Record<string, string>>().notNull(),
    replicas: jsonb('replicas').$type<Record<string, number>>().notNull(),
    resources: jsonb('resources').$type<{ cpuMillis: number; memoryMi: number }>().notNull(),
    state: text('state', { enum: ['running', 'stopped', 'deleting'] }).notNull(),
    phase: text('phase', {
      enum: ['pending', 'deploying', 'running', 'degraded', 'failed', 'stopped', 'deleting'],
    }).notNull(),
    phaseReason: text('phase_reason'),
    revision: text('revision').notNull(),
    deployStartedAt: timestamp('deploy_started_at', { withTimezone: true }).notNull(),
    deadlineSeconds: integer('deadline_seconds').notNull(),
    /** Set while an automatic rollback runs: the version being rolled back from. */
    rollingBackFrom: text('rolling_back_from'),
    keepData: boolean('keep_data').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('instances_account_name').on(t.accountId, t.name),
    index('instances_node').on(t.nodeId),
  ],
);

/** What the control plane did to an instance (agents' events are in `node_events`). */
export const instanceEvents = pgTable(
  'instance_events',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id')
      .notNull()
      .references(() => instances.id, { onDelete: 'cascade' }),
    time: timestamp('time', { withTimezone: true }).notNull(),
    node: text('node'),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('instance_events_instance_time').on(t.instanceId, t.time)],
);

/**
 * Database servers the platform administrator registered for `managed` nodes. The admin
 * password is a sealed secret; instances get a database and a user of their own here.
 */
export const databaseServers = pgTable('database_servers', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  engine: text('engine', { enum: ['postgres', 'mysql'] }).notNull(),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  username: text('username').notNull(),
  passwordSecretId: text('password_secret_id').notNull(),
  createdAt: createdAt(),
});

/** A database (and its user) provisioned on a server for one managed node of an instance. */
export const managedDatabases = pgTable(
  'managed_databases',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id').notNull(),
    node: text('node').notNull(),
    serverId: text('server_id')
      .notNull()
      .references(() => databaseServers.id),
    database: text('database').notNull(),
    username: text('username').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('managed_databases_instance_node').on(t.instanceId, t.node)],
);
