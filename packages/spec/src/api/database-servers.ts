import { z } from 'zod';
import { timestamp } from './common.js';

export const databaseServerName = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens');

const host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'must be a host name or an IPv4 address');

export const registerDatabaseServerRequest = z
  .strictObject({
    name: databaseServerName,
    engine: z.enum(['postgres', 'mysql']),
    host,
    port: z.number().int().min(1).max(65535).optional(),
    username: z.string().min(1).max(63),
    password: z.string().max(256).meta({ description: 'Stored sealed; never shown again' }),
  })
  .meta({
    example: {
      name: 'pg-main',
      engine: 'postgres',
      host: 'db.internal',
      port: 5432,
      username: 'berth_admin',
      password: 'a strong one',
    },
  });
export type RegisterDatabaseServerRequest = z.infer<typeof registerDatabaseServerRequest>;

export const databaseServer = z.object({
  name: databaseServerName,
  engine: z.enum(['postgres', 'mysql']),
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  databases: z.number().int().meta({ description: 'Databases provisioned on it for instances' }),
  createdAt: timestamp,
});
export type DatabaseServer = z.infer<typeof databaseServer>;

export const databaseServerParams = z.strictObject({ server: databaseServerName });
