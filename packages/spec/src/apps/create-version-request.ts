import { z } from 'zod';
import { compareVersions, versionName } from './version-name.js';

/** `initial`: empty draft; `upgrade`: copies `from`, anything may change; `patch`: copies `from`, only image tags may change. */
export const versionKinds = ['initial', 'upgrade', 'patch'] as const;
export type VersionKind = (typeof versionKinds)[number];

/**
 * `POST /api/v1/apps/{app}/versions`. An upgrade or a patch is made from an existing
 * version, named in `from` (refused at `from` when missing), and must come after it.
 */
export const createVersionRequest = z
  .strictObject({
    version: versionName,
    kind: z.enum(versionKinds),
    from: versionName.optional(),
  })
  .superRefine((request, ctx) => {
    if (request.kind === 'initial') {
      if (request.from !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: 'an initial version starts empty: remove from, or use kind upgrade or patch',
        });
      return;
    }
    if (request.from === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `is required: an ${request.kind} copies an existing version; name it here`,
      });
      return;
    }
    if (compareVersions(request.version, request.from) <= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: `must come after ${request.from}, the version it is made from`,
      });
  })
  .meta({ example: { version: '1.1.0', kind: 'upgrade', from: '1.0.0' } });
export type CreateVersionRequest = z.infer<typeof createVersionRequest>;
