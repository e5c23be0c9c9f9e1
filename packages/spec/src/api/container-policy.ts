import { z } from 'zod';
import { capabilityName, hostPath } from '../app-spec/container-security.js';

/**
 * The account container policy API (R15): what the platform admin allows an account's
 * containers beyond the defaults. The request accepts every spelling and is stored, and
 * answered, in canonical form; path prefixes match segment by segment.
 */

const maxEntries = 100;
const entries = <T extends z.ZodType>(item: T) =>
  z.array(item).max(maxEntries, `must have at most ${maxEntries} items`);

export const setContainerPolicyRequest = z
  .strictObject({
    privileged: z.boolean().meta({ description: 'Allow privileged containers' }),
    hostPID: z.boolean().meta({ description: 'Allow sharing the host’s process namespace' }),
    capabilities: entries(capabilityName).meta({
      description: 'Linux capabilities nodes may add; `ALL` allows any',
    }),
    devices: entries(hostPath).meta({
      description:
        'Host device paths nodes may use: an entry allows itself and what lies below it (`/dev/serial` allows `/dev/serial/by-id/x`, not `/dev/serial1`)',
    }),
    hostPaths: entries(hostPath).meta({
      description: 'Host paths nodes may mount: an entry allows itself and what lies below it',
    }),
  })
  .meta({
    example: {
      privileged: false,
      hostPID: false,
      capabilities: ['NET_ADMIN'],
      devices: ['/dev/ttyUSB0', '/dev/serial/by-id'],
      hostPaths: ['/srv/scanner'],
    },
  });
export type SetContainerPolicyRequest = z.input<typeof setContainerPolicyRequest>;

export const containerPolicy = z.object({
  privileged: z.boolean(),
  hostPID: z.boolean(),
  capabilities: z.array(z.string()),
  devices: z.array(z.string()),
  hostPaths: z.array(z.string()),
});
