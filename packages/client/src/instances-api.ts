import type { DeployRequest, Instance, InstanceEvent } from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import { textChunks } from './text-chunks.js';
import type { ApiRequest, Exchange, OpenStream } from './transport.js';

/** `POST /instances`: `node` (the host) is chosen by free resources when omitted. */
export type DeployBody = DeployRequest;

/** Which logs `instances.logs` reads. */
export interface LogsOptions {
  /** The node of the app spec (e.g. `web`); may be left out when the instance has one. */
  node?: string | undefined;
  /** Standard output of its containers (default), or the files under its `logPath`. */
  source?: 'stdout' | 'file' | undefined;
  /** Keep streaming new lines until `signal` aborts (default false). */
  follow?: boolean | undefined;
  /** How many earlier lines to start with (the server's default: 200). */
  tail?: number | undefined;
  /** Aborting it ends the request; the iteration then ends quietly. */
  signal?: AbortSignal | undefined;
}

/**
 * Instances of published app versions (`/instances`). Long work answers 202 at once with
 * the instance; its `status.phase` tells progress and `events` what happened.
 */
export interface InstancesApi {
  /**
   * 202; 404 for an unknown app, version or cluster; 409 `version_not_published`,
   * `instance_exists`, `cluster_offline`, `insufficient_resources`; 422 for params.
   */
  deploy(request: DeployBody): Promise<Instance>;
  list(options?: PageOptions): Promise<Page<Instance>>;
  get(name: string): Promise<Instance>;
  /** 202; 409 `same_version`. A failed upgrade rolls back by itself. */
  upgrade(name: string, version: string): Promise<Instance>;
  /** 202: back to `previousVersion`; 409 `no_previous_version`. */
  rollback(name: string): Promise<Instance>;
  /** 202; 422 when `node` is not a node of the spec that runs replicas. */
  scale(name: string, node: string, replicas: number): Promise<Instance>;
  stop(name: string): Promise<Instance>;
  start(name: string): Promise<Instance>;
  /**
   * 202 with phase `deleting`; the instance answers 404 once its host removed it.
   * `keepData` keeps its volumes and managed databases.
   */
  delete(name: string, options?: { keepData?: boolean | undefined }): Promise<Instance>;
  /** What happened, oldest first: the newest `limit` events (server default 200, max 1000). */
  events(
    name: string,
    options?: { limit?: number | undefined },
  ): Promise<{ items: InstanceEvent[] }>;
  /**
   * A node's logs as text chunks, as the host sends them. The request is sent when the
   * iteration starts, so its errors (`BerthApiError`: 404, 409 `host_unreachable`, 422
   * which node) are thrown from the loop.
   * @example for await (const text of berth.instances.logs('shop', { follow: true, signal })) write(text)
   */
  logs(name: string, options?: LogsOptions): AsyncIterable<string>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

/** The `instances` area of the client; `logs` reads a streamed body. */
export function createInstancesApi(exchange: Exchange, open: OpenStream): InstancesApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const one = (name: string) => `${v1}/instances/${seg(name)}`;
  const act = (name: string, action: string, body?: unknown) =>
    send<Instance>({ method: 'POST', path: `${one(name)}/${action}`, body });
  return {
    deploy: (body) => send({ method: 'POST', path: `${v1}/instances`, body }),
    list: (query) => send({ method: 'GET', path: `${v1}/instances`, query: { ...query } }),
    get: (name) => send({ method: 'GET', path: one(name) }),
    upgrade: (name, version) => act(name, 'upgrade', { version }),
    rollback: (name) => act(name, 'rollback'),
    scale: (name, node, replicas) => act(name, 'scale', { node, replicas }),
    stop: (name) => act(name, 'stop'),
    start: (name) => act(name, 'start'),
    delete: (name, options = {}) =>
      send({
        method: 'DELETE',
        path: one(name),
        query: { keepData: options.keepData === undefined ? undefined : String(options.keepData) },
      }),
    events: (name, options = {}) =>
      send({ method: 'GET', path: `${one(name)}/events`, query: { limit: options.limit } }),
    logs: (name, options = {}) => {
      const request: ApiRequest = {
        method: 'GET',
        path: `${one(name)}/logs`,
        query: {
          node: options.node,
          source: options.source,
          follow: options.follow === undefined ? undefined : String(options.follow),
          tail: options.tail,
        },
        headers: { accept: 'text/plain, application/problem+json' },
      };
      return textChunks(() => open(request, options.signal), options.signal);
    },
  };
}
