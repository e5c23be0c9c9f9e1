import type { CreatedNode, CreateNodeRequest, Node } from '@berth/spec';
import type { Page, PageOptions } from './paginate.js';
import type { ApiRequest, Exchange } from './transport.js';

/** `POST /clusters/{cluster}/nodes`. */
export type CreateNodeBody = CreateNodeRequest;

/** Nodes (hosts) of a cluster (`/clusters/{cluster}/nodes`). */
export interface NodesApi {
  /**
   * 201: the node with its single-use `join` instructions (`command`, `token`,
   * `expiresAt`), shown only in this answer, and `warnings`. 409 `node_exists`.
   */
  create(cluster: string, request: CreateNodeBody): Promise<CreatedNode>;
  list(cluster: string, options?: PageOptions): Promise<Page<Node>>;
  /** Status (`pending|online|offline|revoked`), last seen, and the facts its agent reported. */
  get(cluster: string, node: string): Promise<Node>;
  /** Ends the node's session; its agent is refused from now on. Answers the node. */
  revoke(cluster: string, node: string): Promise<Node>;
  /**
   * A new join token (the old one stops working), for a node that has not joined yet;
   * 409 `node_joined` otherwise.
   */
  reissueJoinToken(cluster: string, node: string): Promise<CreatedNode>;
  /** 204; revokes the node first. */
  delete(cluster: string, node: string): Promise<void>;
}

const seg = encodeURIComponent;
const v1 = '/api/v1';

/** The `nodes` area of the client, on top of one exchange function. */
export function createNodesApi(exchange: Exchange): NodesApi {
  const send = async <T>(request: ApiRequest) => (await exchange<T>(request)).body;
  const nodes = (cluster: string) => `${v1}/clusters/${seg(cluster)}/nodes`;
  const one = (cluster: string, node: string) => `${nodes(cluster)}/${seg(node)}`;
  return {
    create: (cluster, body) => send({ method: 'POST', path: nodes(cluster), body }),
    list: (cluster, query) => send({ method: 'GET', path: nodes(cluster), query: { ...query } }),
    get: (cluster, node) => send({ method: 'GET', path: one(cluster, node) }),
    revoke: (cluster, node) => send({ method: 'POST', path: `${one(cluster, node)}/revoke` }),
    reissueJoinToken: (cluster, node) =>
      send({ method: 'POST', path: `${one(cluster, node)}/join-token` }),
    delete: (cluster, node) => send({ method: 'DELETE', path: one(cluster, node) }),
  };
}
