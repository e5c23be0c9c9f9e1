import type { PassThrough } from 'node:stream';
import { and, eq, isNull } from 'drizzle-orm';
import { lightAppHosts, nodes } from '../db/schema.js';
import type { TenantScope } from '../db/tenant-scope.js';
import type { AppDeps } from '../deps.js';
import { ConflictError, InputError } from '../errors.js';
import { lightWorkloadId } from './compile-process.js';
import { findLightApp } from './light-app-records.js';

/** How long a one-off log read may wait for the agent. */
const readTimeoutMs = 30_000;

/**
 * Streams a light app's output (stdout and stderr, as the host's process driver keeps
 * them in rotated files) from one host it is deployed to. The host's agent reads the
 * file; this replica relays.
 * @throws NotFoundError (app); InputError (`host` does not run the app);
 *   ConflictError (`host_unreachable`).
 */
export async function openLightLogs(
  deps: Pick<AppDeps, 'fleet'>,
  scope: TenantScope,
  name: string,
  query: { host: string; follow?: string | undefined; tail: number },
): Promise<PassThrough> {
  const app = await findLightApp(scope, name);
  const placed = await scope.db
    .select({ nodeId: nodes.id, node: nodes.name })
    .from(lightAppHosts)
    .innerJoin(nodes, eq(nodes.id, lightAppHosts.nodeId))
    .where(
      scope.where(
        lightAppHosts,
        and(eq(lightAppHosts.lightAppId, app.id), isNull(lightAppHosts.replacedAt)),
      ),
    );
  const host = placed.find((p) => p.node === query.host);
  if (!host) {
    const names = [...new Set(placed.map((p) => p.node))];
    throw new InputError(`${app.name} is not deployed to ${query.host}`, [
      {
        path: 'host',
        in: 'query',
        message: `must be one of: ${names.join(', ') || '(no hosts yet)'}`,
      },
    ]);
  }
  const follow = query.follow === 'true' || query.follow === '1';
  const stream = deps.fleet.command(host.nodeId, {
    kind: 'logs',
    workload: lightWorkloadId(app),
    node: app.name,
    source: 'stdout',
    follow,
    tail: query.tail,
  });
  if (!stream) {
    throw new ConflictError(
      `Host ${host.node} is not connected to this server (offline, or connected to another replica): try again when it is online`,
      'host_unreachable',
    );
  }
  if (!follow) {
    const timer = setTimeout(
      () => stream.end('\n[berth: the host did not answer in time]\n'),
      readTimeoutMs,
    );
    stream.on('close', () => clearTimeout(timer));
  }
  return stream;
}
