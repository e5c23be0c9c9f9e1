import { z } from 'zod';
import { displayName } from '../names.js';
import {
  combinationErrorMessage,
  deployments,
  distributions,
  isAllowedCombination,
  osTypes,
} from './allowed-combinations.js';
import { appName } from './app-name.js';

/**
 * `POST /api/v1/apps`. A pair of distribution and deployment that domain.md §1 does not
 * allow is refused at `deployment`, with the allowed pairs in the message.
 */
export const createAppRequest = z
  .strictObject({
    name: appName,
    displayName: displayName.optional(),
    distribution: z.enum(distributions),
    deployment: z.enum(deployments),
    os: z.enum(osTypes).default('linux'),
  })
  .superRefine((app, ctx) => {
    if (!isAllowedCombination(app.distribution, app.deployment))
      ctx.addIssue({
        code: 'custom',
        path: ['deployment'],
        message: combinationErrorMessage(app.distribution, app.deployment),
      });
  })
  .meta({
    example: {
      name: 'parking',
      displayName: 'ACME Parking',
      distribution: 'instance',
      deployment: 'edge-hosted',
      os: 'linux',
    },
  });
export type CreateAppRequest = z.infer<typeof createAppRequest>;
