/**
 * The one schema of Berth, for PGlite and Postgres alike. Every tenant-owned row carries
 * `account_id`; queries on those tables go through `tenant-scope.ts`. Changing a table
 * means running `npm run db:generate` and committing the migration it writes.
 * The tables live in schema/, one file per area; this file is what code and drizzle-kit
 * import.
 */

export * from './schema/accounts.js';
export * from './schema/apps.js';
export * from './schema/clusters.js';
export * from './schema/instances.js';
export * from './schema/lightapps.js';
