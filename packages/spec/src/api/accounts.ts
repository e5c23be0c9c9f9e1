import { z } from 'zod';
import { accountName, displayName, newPassword, username } from '../names.js';
import { accountTypes, roles } from '../permissions.js';
import { timestamp } from './common.js';

export const createAccountRequest = z
  .strictObject({
    name: accountName,
    type: z.enum(accountTypes),
    displayName: displayName.optional(),
  })
  .meta({ example: { name: 'acme', type: 'isv', displayName: 'ACME Parking' } });
export type CreateAccountRequest = z.infer<typeof createAccountRequest>;

export const account = z.object({
  name: accountName,
  type: z.enum(accountTypes),
  displayName: z.string().nullable(),
  createdAt: timestamp,
});
export type Account = z.infer<typeof account>;

export const accountParams = z.strictObject({ account: accountName });
export const memberParams = z.strictObject({ account: accountName, username });

export const setMemberRequest = z
  .strictObject({ role: z.enum(roles) })
  .meta({ example: { role: 'developer' } });
export type SetMemberRequest = z.infer<typeof setMemberRequest>;

export const member = z.object({
  username,
  displayName: z.string().nullable(),
  role: z.enum(roles),
  addedAt: timestamp,
});
export type Member = z.infer<typeof member>;

export const createUserRequest = z
  .strictObject({
    username,
    password: newPassword,
    displayName: displayName.optional(),
    mustChangePassword: z
      .boolean()
      .default(false)
      .meta({ description: 'Make the user choose a new password at first login' }),
  })
  .meta({ example: { username: 'alice', password: 'a long first passphrase' } });
export type CreateUserRequest = z.input<typeof createUserRequest>;

export const user = z.object({
  username,
  displayName: z.string().nullable(),
  mustChangePassword: z.boolean(),
  createdAt: timestamp,
});
export type User = z.infer<typeof user>;

export const userParams = z.strictObject({ username });
