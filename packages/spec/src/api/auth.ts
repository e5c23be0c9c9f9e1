import { z } from 'zod';
import { accountName, displayName, newPassword, presentedPassword, username } from '../names.js';
import { accountTypes, roles } from '../permissions.js';
import { timestamp } from './common.js';

export const loginRequest = z
  .strictObject({ username: z.string().min(1).max(64), password: presentedPassword })
  .meta({ example: { username: 'admin', password: 'correct horse battery staple' } });
export type LoginRequest = z.infer<typeof loginRequest>;

export const userSummary = z.object({
  username: username,
  displayName: z.string().nullable(),
});

export const loginResponse = z.object({
  token: z.string().meta({ description: 'Session token: send as `Authorization: Bearer`' }),
  expiresAt: timestamp,
  user: userSummary,
  mustChangePassword: z.boolean(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const changePasswordRequest = z
  .strictObject({ currentPassword: presentedPassword, newPassword: newPassword })
  .meta({
    example: { currentPassword: 'the one you have', newPassword: 'a new long passphrase' },
  });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export const membershipSummary = z.object({
  name: accountName,
  displayName: z.string().nullable(),
  type: z.enum(accountTypes),
  role: z.enum(roles),
});
export type MembershipSummary = z.infer<typeof membershipSummary>;

export const meResponse = z.object({
  user: userSummary.extend({ platformAdmin: z.boolean() }),
  accounts: z.array(membershipSummary),
  token: z
    .object({ kind: z.enum(['session', 'personal']), account: accountName.nullable() })
    .meta({ description: 'The credential this request came with' }),
});
export type MeResponse = z.infer<typeof meResponse>;

export const createTokenRequest = z
  .strictObject({
    name: displayName,
    account: accountName
      .optional()
      .meta({ description: 'Pin the token to one account; requests then act in it' }),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ example: { name: 'ci deploys', account: 'acme', expiresInDays: 90 } });
export type CreateTokenRequest = z.infer<typeof createTokenRequest>;

export const tokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the token, to recognise it' }),
  account: accountName.nullable(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});
export type TokenInfo = z.infer<typeof tokenInfo>;

export const createdToken = tokenInfo.extend({
  token: z.string().meta({ description: 'The secret. Shown once: store it now.' }),
});
export type CreatedToken = z.infer<typeof createdToken>;

export const tokenIdParams = z.strictObject({ id: z.string().min(1).max(64) });
