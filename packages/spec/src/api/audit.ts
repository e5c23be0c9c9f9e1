import { z } from 'zod';
import { timestamp } from './common.js';

export const auditResults = ['success', 'denied', 'failure'] as const;

export const auditEntry = z.object({
  id: z.string(),
  time: timestamp,
  user: z.string().nullable(),
  account: z.string().nullable(),
  action: z.string().meta({ description: 'What was attempted, e.g. `accounts.create`' }),
  target: z.string().nullable().meta({ description: 'What it was done to, e.g. `accounts/acme`' }),
  result: z.enum(auditResults),
  status: z.number().int(),
  requestId: z.string(),
  sourceIp: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.string().max(100).optional(),
  user: z.string().max(64).optional(),
  result: z.enum(auditResults).optional(),
});
