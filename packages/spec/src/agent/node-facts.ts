import { z } from 'zod';

/** CPU architectures Berth tells apart (the names `uname -m` gives on Linux). */
export const architectures = ['x86_64', 'aarch64', 'armv7'] as const;
export type Architecture = (typeof architectures)[number];

/** Container engines an agent may drive, or none (processes only). */
export const engineKinds = ['docker', 'podman', 'none'] as const;

/** What an agent reports about its host at every connection. */
export const nodeFacts = z
  .object({
    arch: z.string().max(32),
    os: z.string().max(64),
    kernel: z.string().max(128),
    hostname: z.string().max(253),
    cpus: z.number().int().min(0).max(4096),
    memoryMi: z.number().int().min(0),
    diskMi: z.number().int().min(0),
    engine: z.object({ kind: z.enum(engineKinds), version: z.string().max(64).nullable() }),
    agentVersion: z.string().max(64),
    addresses: z.array(z.string().max(64)).max(64),
  })
  .meta({ id: 'NodeFacts' });
export type NodeFacts = z.infer<typeof nodeFacts>;
