import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { createdAt } from './columns.js';

/** App templates and their versions (domain §1–4). */

/** App templates (domain §1). Names are unique within an account. */
export const apps = pgTable(
  'apps',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    displayName: text('display_name'),
    distribution: text('distribution', { enum: ['instance', 'account', 'once'] }).notNull(),
    deployment: text('deployment', {
      enum: ['cloud-hosted', 'edge-hosted', 'cloud-external', 'manual-cluster', 'edge-external'],
    }).notNull(),
    os: text('os', { enum: ['linux', 'windows'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('apps_account_name').on(t.accountId, t.name)],
);

/**
 * Versions of an app (domain §4), each holding one app spec. A draft changes (its
 * `revision` is the ETag); a published version never does; `retired` marks a version an
 * account-distributed app replaced. `spec_version` is the shape of the stored document,
 * so documents that live for years can be migrated when the shape changes.
 */
export const appVersions = pgTable(
  'app_versions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    /** The numeric parts, for ordering by semver in SQL. */
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    patch: integer('patch').notNull(),
    prerelease: text('prerelease'),
    kind: text('kind', { enum: ['initial', 'upgrade', 'patch'] }).notNull(),
    fromVersion: text('from_version'),
    state: text('state', { enum: ['draft', 'published', 'retired'] }).notNull(),
    spec: jsonb('spec').notNull(),
    specVersion: integer('spec_version').notNull(),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('app_versions_app_version').on(t.appId, t.version),
    index('app_versions_account').on(t.accountId),
  ],
);
