import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';

/** Accounts, users and how they sign in; the audit log; secrets sealed at rest. */

export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  type: text('type', { enum: ['isv', 'customer', 'integrator', 'platform'] }).notNull(),
  displayName: text('display_name'),
  /**
   * What the platform admin allows the account's containers beyond the defaults
   * (privileged, host PID, added capabilities, device and host-path prefixes). Checked on
   * every deploy path; the empty default allows nothing (R15).
   */
  containerPolicy: jsonb('container_policy')
    .$type<{
      privileged: boolean;
      hostPID: boolean;
      capabilities: string[];
      devices: string[];
      hostPaths: string[];
    }>()
    .notNull()
    .default({ privileged: false, hostPID: false, capabilities: [], devices: [], hostPaths: [] }),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'developer', 'operator', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index('memberships_user').on(t.userId)],
);

/**
 * Bearer credentials: console sessions and personal access tokens. Only a SHA-256 of the
 * token is stored; tokens carry 256 bits of randomness, so a fast hash is enough and keeps
 * authentication cheap on every request.
 */
export const credentials = pgTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['session', 'personal'] }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A personal token may be pinned to one account; it then acts only there. */
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name'),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('credentials_token_hash').on(t.tokenHash),
    index('credentials_user').on(t.userId),
  ],
);

/** Failed sign-ins per key (`user:<name>` or `ip:<address>`), for throttling and lock-out. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Who did what, where, with which result. Names are copied so history outlives renames. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    time: timestamp('time', { withTimezone: true }).notNull().defaultNow(),
    userId: text('user_id'),
    username: text('username'),
    accountId: text('account_id'),
    accountName: text('account_name'),
    action: text('action').notNull(),
    target: text('target'),
    result: text('result', { enum: ['success', 'denied', 'failure'] }).notNull(),
    status: integer('status').notNull(),
    requestId: text('request_id').notNull(),
    sourceIp: text('source_ip'),
  },
  (t) => [index('audit_events_account').on(t.accountId, t.id)],
);

/**
 * Secrets at rest: every value sealed by `secrets/envelope.ts` (AES-256-GCM under a data
 * key wrapped by the master key whose id is stored beside it, so keys can be rotated).
 */
export const secrets = pgTable(
  'secrets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    keyId: text('key_id').notNull(),
    ciphertext: text('ciphertext').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('secrets_key').on(t.keyId)],
);
