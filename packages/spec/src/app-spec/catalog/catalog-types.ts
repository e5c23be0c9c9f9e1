/**
 * The shape of the middleware catalog. The catalog is data: adding a middleware means
 * adding one entry, never a code path. Strings of the form `{host}`, `{port:NAME}` and
 * `{param:NAME}` inside `env` values and `connection` fields are catalog templates,
 * filled per node when a deployment is planned.
 */

/** A parameter the catalog entry accepts in a middleware node's `params`. */
export interface CatalogParam {
  name: string;
  type: 'string' | 'number' | 'boolean';
  description: string;
  default?: string | number | boolean;
  /** Literal values must match it. It keeps values safe for the image's init scripts. */
  pattern?: string;
  /** A secret never appears in the spec as a literal; see `generated`. */
  secret?: boolean;
  /** Generated per instance when the node does not set it (secrets only). */
  generated?: { length: number; symbols: boolean };
}

/** A port the middleware listens on. */
export interface CatalogPort {
  name: string;
  port: number;
  protocol: 'tcp' | 'udp';
}

/** How the platform checks that the middleware is healthy. */
export type CatalogHealth = { exec: readonly string[] } | { tcp: { port: string } };

/** A value other nodes may reference as `${node.field}`. */
export interface ConnectionField {
  /** A catalog template, e.g. `mysql://{param:user}:{param:password}@{host}:{port:mysql}/{param:database}`. */
  value: string;
  /** Whether the value carries a secret (then it is only known at deploy time). */
  secret: boolean;
  description: string;
}

/** One middleware of the catalog. */
export interface CatalogEntry {
  name: string;
  displayName: string;
  /** Repository without tag; the node's `version` is the tag. */
  image: string;
  /** The tags a node may choose as its `version`. */
  tags: readonly string[];
  ports: readonly CatalogPort[];
  params: readonly CatalogParam[];
  /** Environment of the container: name → catalog template. */
  env: Readonly<Record<string, string>>;
  /** Fixed argv, when the image's default command is not what a deployment needs. */
  command?: readonly string[];
  /** Where the data volume is mounted; absent for stateless middleware. */
  dataPath?: string;
  health: CatalogHealth;
  resources: { cpu: string; memory: string };
  connection: Readonly<Record<string, ConnectionField>>;
}

/** A database engine the platform provisions for `managed` nodes. */
export interface ManagedEngine {
  name: string;
  displayName: string;
  versions: readonly string[];
  defaultVersion: string;
  port: number;
  /** Resources counted for the instance (the database lives on a platform server). */
  resources: { cpu: string; memory: string };
  /** Connection fields; `{provisioned:X}` is filled by the platform, `{secret:X}` generated. */
  connection: Readonly<Record<string, ConnectionField>>;
}
