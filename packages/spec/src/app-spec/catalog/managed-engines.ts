import type { ConnectionField, ManagedEngine } from './catalog-types.js';

/**
 * The database engines behind `managed` nodes: the platform creates a database, a user and
 * a password on a server it runs, one per instance. Everything about the connection is
 * therefore known only at deploy time (`{provisioned:…}`, `{secret:…}`).
 */

const field = (value: string, description: string, secret = false): ConnectionField => ({
  value,
  description,
  secret,
});

function connection(scheme: string): Record<string, ConnectionField> {
  return {
    host: field('{provisioned:host}', 'Host of the database server'),
    port: field('{provisioned:port}', 'Port of the database server'),
    user: field('{provisioned:user}', 'User created for the instance'),
    password: field('{secret:password}', "The user's password", true),
    database: field('{provisioned:database}', 'Database created for the instance'),
    url: field(
      `${scheme}://{provisioned:user}:{secret:password}@{provisioned:host}:{provisioned:port}/{provisioned:database}`,
      'Connection URL with credentials',
      true,
    ),
  };
}

export const managedEngines: readonly ManagedEngine[] = [
  {
    name: 'postgres',
    displayName: 'PostgreSQL (managed)',
    versions: ['15', '16', '17'],
    defaultVersion: '16',
    port: 5432,
    resources: { cpu: '250m', memory: '256Mi' },
    connection: connection('postgres'),
  },
  {
    name: 'mysql',
    displayName: 'MySQL (managed)',
    versions: ['8.0', '8.4'],
    defaultVersion: '8.4',
    port: 3306,
    resources: { cpu: '250m', memory: '256Mi' },
    connection: connection('mysql'),
  },
];

const byName = new Map(managedEngines.map((engine) => [engine.name, engine]));

/** The managed engine called `name` (`postgres`, `mysql`), or undefined. */
export function managedEngine(name: string): ManagedEngine | undefined {
  return byName.get(name);
}
