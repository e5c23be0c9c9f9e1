import { blobRequestText, processWorkloadKind } from '@berth/spec';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadNodeCredentials } from '../agents/node-credentials.js';
import { NodeKeys } from '../agents/node-keys.js';
import { nodeWorkloads } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { NotFoundError, UnauthenticatedError } from '../errors.js';

/** How far a signed request's time may be from ours: clocks of edge hosts drift. */
const skewMs = 10 * 60_000;

const headers = z.object({
  'berth-node': z.string().max(128),
  'berth-time': z.string().regex(/^\d{1,16}$/),
  'berth-signature': z.string().max(256),
  range: z.string().max(100).optional(),
});

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a blob of `size` bytes; null when unsatisfiable. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | null | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? null : { start, end };
}

/**
 * Packages for agents: `GET /api/v1/agent/blobs/{sha256}`, signed with the node's key
 * (like its hello), and only for blobs that node's desired state names. `Range` requests
 * are answered with 206, so a download broken off resumes where it stopped.
 */
export function packageDownloadRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const keys = new NodeKeys();
  return async (server) => {
    server.get(
      '/api/v1/agent/blobs/:digest',
      {
        schema: {
          tags: ['agents'],
          summary:
            'A package named in the calling node’s desired state (node-signed; Range supported)',
          params: z.strictObject({ digest: z.string().regex(/^[0-9a-f]{64}$/) }),
          headers,
        },
        config: { access: { kind: 'public' } },
      },
      async (request, reply) => {
        const sha256 = request.params.digest;
        const h = request.headers;
        const node = (await loadNodeCredentials(deps.db, [h['berth-node']])).get(h['berth-node']);
        const fresh = Math.abs(Number(h['berth-time']) - deps.clock.now().getTime()) <= skewMs;
        const text = blobRequestText(h['berth-node'], sha256, h['berth-time']);
        if (
          !node?.publicKey ||
          node.revoked ||
          !fresh ||
          !(await keys.verify(node.publicKey, text, h['berth-signature']))
        )
          throw new UnauthenticatedError(
            'The node signature is missing, stale or wrong',
            'node_signature_invalid',
          );
        const [named] = await deps.db
          .select({ id: nodeWorkloads.workloadId })
          .from(nodeWorkloads)
          .where(
            and(
              eq(nodeWorkloads.nodeId, node.id),
              eq(nodeWorkloads.kind, processWorkloadKind),
              sql`${nodeWorkloads.spec}->'package'->>'sha256' = ${sha256}`,
            ),
          )
          .limit(1);
        const blob = named ? await deps.blobs.stat(sha256) : undefined;
        if (!blob) throw new NotFoundError(`No package ${sha256} for this node`);
        reply
          .header('accept-ranges', 'bytes')
          .header('etag', `"${sha256}"`)
          .header('x-berth-sha256', sha256);
        reply.type('application/octet-stream');
        const range = h.range === undefined ? undefined : parseRange(h.range, blob.size);
        if (range === null) {
          return reply.status(416).header('content-range', `bytes */${blob.size}`).send();
        }
        if (range) {
          reply
            .status(206)
            .header('content-range', `bytes ${range.start}-${range.end}/${blob.size}`)
            .header('content-length', String(range.end - range.start + 1));
          return reply.send(deps.blobs.open(sha256, range));
        }
        reply.header('content-length', String(blob.size));
        return reply.send(deps.blobs.open(sha256));
      },
    );
  };
}
