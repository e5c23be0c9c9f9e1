import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { clusters, nodes } from './clusters.js';
import { createdAt } from './columns.js';

/** Light apps, their versions and their deployments to hosts (domain §8). */

/** Light apps (domain §8): programs run on edge hosts without a container. */
export const lightApps = pgTable(
  'light_apps',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    language: text('language', { enum: ['python', 'nodejs', 'c'] }).notNull(),
    /** The CPU a C program was built for; null for interpreted languages. */
    arch: text('arch', { enum: ['x86_64', 'aarch64', 'armv7'] }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('light_apps_account_name').on(t.accountId, t.name)],
);

/**
 * Versions of a light app, draft → published as for apps. The package's bytes are in the
 * blob store under its sha256; the row keeps its digest and the paths of its regular files
 * (so publishing can check the entry file without reading the blob).
 */
export const lightAppVersions = pgTable(
  'light_app_versions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    lightAppId: text('light_app_id')
      .notNull()
      .references(() => lightApps.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    kind: text('kind', { enum: ['initial', 'upgrade', 'patch'] }).notNull(),
    fromVersion: text('from_version'),
    state: text('state', { enum: ['draft', 'published'] }).notNull(),
    package: jsonb('package').$type<{
      sha256: string;
      size: number;
      format: 'zip' | 'tar.gz';
      files: string[];
    } | null>(),
    config: jsonb('config'),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('light_app_versions_app_version').on(t.lightAppId, t.version),
    index('light_app_versions_account').on(t.accountId),
  ],
);

/** A published light app version assigned to hosts of a cluster. */
export const lightAppDeployments = pgTable(
  'light_app_deployments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    lightAppId: text('light_app_id')
      .notNull()
      .references(() => lightApps.id, { onDelete: 'cascade' }),
    versionId: text('version_id')
      .notNull()
      .references(() => lightAppVersions.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('light_app_deployments_app').on(t.lightAppId)],
);

/**
 * The hosts of a deployment. Progress is read from the host's reports of `revision`;
 * `replaced_at` is set when a later deployment of the same app took the host over.
 */
export const lightAppHosts = pgTable(
  'light_app_hosts',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    deploymentId: text('deployment_id')
      .notNull()
      .references(() => lightAppDeployments.id, { onDelete: 'cascade' }),
    nodeId: text('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    lightAppId: text('light_app_id').notNull(),
    revision: text('revision').notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.deploymentId, t.nodeId] }),
    index('light_app_hosts_app_node').on(t.lightAppId, t.nodeId),
  ],
);
