import { z } from 'zod';
import { newPassword, presentedPassword, username } from '../names.js';
import { clusterName } from './clusters.js';
import { timestamp } from './common.js';
import { mobileNumber } from './mobile-number.js';

/**
 * The cluster console (domain §7 集群控制台): a cluster's own accounts, for the people
 * and systems on its site. Every edge cluster has the super account `iotedgeadmin`,
 * whose first password is its name and must be changed at first sign-in; other users
 * have a mobile number, required and unique in the cluster — the credential by which
 * another system opens a session for them without a password (login-free).
 */
export const superConsoleUsername = 'iotedgeadmin';

/** Cluster types with a console: the on-site ones. Cloud regions are run by the platform. */
export const consoleClusterTypes = ['edge', 'edge-appliance'] as const;

export const consoleUserParams = z.strictObject({ cluster: clusterName, username });

export const consoleUser = z.object({
  username,
  mobile: z
    .string()
    .nullable()
    .meta({ description: 'E.164, as stored; null only for the super account' }),
  superuser: z.boolean(),
  mustChangePassword: z.boolean(),
  passwordChangedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ConsoleUser = z.infer<typeof consoleUser>;

export const createConsoleUserRequest = z
  .strictObject({
    username,
    password: newPassword,
    mobile: mobileNumber,
    mustChangePassword: z.boolean().optional(),
  })
  .meta({
    example: {
      username: 'operator-1',
      password: 'a long console passphrase',
      mobile: '+86 139 0013 9000',
    },
  });
export type CreateConsoleUserRequest = z.infer<typeof createConsoleUserRequest>;

/** `PUT …/console/users/{username}`: the fields to change; those left out stay. */
export const updateConsoleUserRequest = z
  .strictObject({
    mobile: mobileNumber.optional(),
    password: newPassword.optional(),
    mustChangePassword: z.boolean().optional(),
  })
  .meta({ example: { mobile: '139-0013-9001', mustChangePassword: true } });
export type UpdateConsoleUserRequest = z.infer<typeof updateConsoleUserRequest>;

export const consoleLoginRequest = z
  .strictObject({ username: z.string().min(1).max(64), password: presentedPassword })
  .meta({ example: { username: superConsoleUsername, password: superConsoleUsername } });
export type ConsoleLoginRequest = z.infer<typeof consoleLoginRequest>;

export const consoleSession = z.object({
  token: z.string().meta({
    description: 'Console session token (`bcon_…`): `Authorization: Bearer`, this cluster only',
  }),
  expiresAt: timestamp,
  mustChangePassword: z.boolean(),
  user: consoleUser,
});
export type ConsoleSession = z.infer<typeof consoleSession>;

export const consolePasswordRequest = z
  .strictObject({ currentPassword: presentedPassword, newPassword })
  .meta({
    example: { currentPassword: superConsoleUsername, newPassword: 'a new long passphrase' },
  });
export type ConsolePasswordRequest = z.infer<typeof consolePasswordRequest>;

export const loginFreeRequest = z
  .strictObject({ mobile: mobileNumber })
  .meta({ example: { mobile: '13800138000' } });
export type LoginFreeRequest = z.infer<typeof loginFreeRequest>;
