import type { CatalogEntry, CatalogParam, ConnectionField } from './catalog-types.js';

/**
 * The middleware a `middleware` node may use, as data. Images are the official ones, used
 * unmodified; a node picks one of `tags` as its `version`. Parameters that name database
 * objects carry a pattern because the images' init scripts paste them into SQL.
 */

const sqlName = '^[A-Za-z_][A-Za-z0-9_]{0,62}$';
const generated = { length: 32, symbols: false };

const databaseParam: CatalogParam = {
  name: 'database',
  type: 'string',
  default: 'app',
  pattern: sqlName,
  description: 'Database created at first start',
};
const userParam: CatalogParam = {
  name: 'user',
  type: 'string',
  default: 'app',
  pattern: '^(?!root$)[A-Za-z_][A-Za-z0-9_]{0,31}$',
  description: 'User created at first start, owner of the database',
};
const passwordParam: CatalogParam = {
  name: 'password',
  type: 'string',
  secret: true,
  generated,
  description: "The user's password",
};

const field = (value: string, description: string, secret = false): ConnectionField => ({
  value,
  description,
  secret,
});
const host = field('{host}', 'Host name other nodes connect to');

export const middlewareCatalog: readonly CatalogEntry[] = [
  {
    name: 'mysql',
    displayName: 'MySQL',
    image: 'docker.io/library/mysql',
    tags: ['8.0', '8.4'],
    ports: [{ name: 'mysql', port: 3306, protocol: 'tcp' }],
    params: [
      databaseParam,
      userParam,
      passwordParam,
      { ...passwordParam, name: 'rootPassword', description: 'Password of root' },
    ],
    env: {
      MYSQL_ROOT_PASSWORD: '{param:rootPassword}',
      MYSQL_DATABASE: '{param:database}',
      MYSQL_USER: '{param:user}',
      MYSQL_PASSWORD: '{param:password}',
    },
    dataPath: '/var/lib/mysql',
    health: { exec: ['mysqladmin', 'ping', '--host=127.0.0.1', '--silent'] },
    resources: { cpu: '500m', memory: '512Mi' },
    connection: {
      host,
      port: field('{port:mysql}', 'MySQL port'),
      user: field('{param:user}', 'User name'),
      password: field('{param:password}', "The user's password", true),
      database: field('{param:database}', 'Database name'),
      url: field(
        'mysql://{param:user}:{param:password}@{host}:{port:mysql}/{param:database}',
        'Connection URL with credentials',
        true,
      ),
    },
  },
  {
    name: 'postgresql',
    displayName: 'PostgreSQL',
    image: 'docker.io/library/postgres',
    tags: ['15', '16', '17'],
    ports: [{ name: 'postgres', port: 5432, protocol: 'tcp' }],
    params: [databaseParam, { ...userParam, pattern: sqlName }, passwordParam],
    env: {
      POSTGRES_DB: '{param:database}',
      POSTGRES_USER: '{param:user}',
      POSTGRES_PASSWORD: '{param:password}',
    },
    dataPath: '/var/lib/postgresql/data',
    health: { exec: ['pg_isready', '--host=127.0.0.1'] },
    resources: { cpu: '500m', memory: '512Mi' },
    connection: {
      host,
      port: field('{port:postgres}', 'PostgreSQL port'),
      user: field('{param:user}', 'User name'),
      password: field('{param:password}', "The user's password", true),
      database: field('{param:database}', 'Database name'),
      url: field(
        'postgres://{param:user}:{param:password}@{host}:{port:postgres}/{param:database}',
        'Connection URL with credentials',
        true,
      ),
    },
  },
  {
    name: 'redis',
    displayName: 'Redis',
    image: 'docker.io/library/redis',
    tags: ['7.2', '7.4'],
    ports: [{ name: 'redis', port: 6379, protocol: 'tcp' }],
    params: [],
    env: {},
    // Append-only persistence, so a restart keeps what was written. Reachable only
    // inside the app (ClusterIP), hence no password.
    command: ['redis-server', '--appendonly', 'yes'],
    dataPath: '/data',
    health: { exec: ['redis-cli', 'ping'] },
    resources: { cpu: '250m', memory: '256Mi' },
    connection: {
      host,
      port: field('{port:redis}', 'Redis port'),
      url: field('redis://{host}:{port:redis}', 'Connection URL'),
    },
  },
  {
    name: 'mongodb',
    displayName: 'MongoDB',
    image: 'docker.io/library/mongo',
    tags: ['6.0', '7.0', '8.0'],
    ports: [{ name: 'mongodb', port: 27017, protocol: 'tcp' }],
    params: [
      databaseParam,
      { ...userParam, default: 'admin', description: 'Root user created at first start' },
      passwordParam,
    ],
    env: {
      MONGO_INITDB_ROOT_USERNAME: '{param:user}',
      MONGO_INITDB_ROOT_PASSWORD: '{param:password}',
      MONGO_INITDB_DATABASE: '{param:database}',
    },
    dataPath: '/data/db',
    health: { exec: ['mongosh', '--quiet', '--eval', "db.adminCommand('ping')"] },
    resources: { cpu: '500m', memory: '1Gi' },
    connection: {
      host,
      port: field('{port:mongodb}', 'MongoDB port'),
      user: field('{param:user}', 'User name'),
      password: field('{param:password}', "The user's password", true),
      database: field('{param:database}', 'Database name'),
      url: field(
        'mongodb://{param:user}:{param:password}@{host}:{port:mongodb}/{param:database}?authSource=admin',
        'Connection URL with credentials',
        true,
      ),
    },
  },
  {
    name: 'sqlserver',
    displayName: 'SQL Server',
    image: 'mcr.microsoft.com/mssql/server',
    tags: ['2019-latest', '2022-latest'],
    ports: [{ name: 'mssql', port: 1433, protocol: 'tcp' }],
    params: [
      {
        name: 'saPassword',
        type: 'string',
        secret: true,
        // SQL Server refuses passwords without three character classes.
        generated: { length: 32, symbols: true },
        description: 'Password of the sa login',
      },
      {
        name: 'edition',
        type: 'string',
        default: 'Express',
        pattern: '^(Developer|Express|Standard|Enterprise|EnterpriseCore)$',
        description: 'Edition (MSSQL_PID); the licence of any paid edition is yours to hold',
      },
    ],
    env: {
      ACCEPT_EULA: 'Y',
      MSSQL_SA_PASSWORD: '{param:saPassword}',
      MSSQL_PID: '{param:edition}',
    },
    dataPath: '/var/opt/mssql',
    health: { tcp: { port: 'mssql' } },
    resources: { cpu: '1', memory: '2Gi' },
    connection: {
      host,
      port: field('{port:mssql}', 'SQL Server port'),
      user: field('sa', 'Login name'),
      password: field('{param:saPassword}', 'Password of sa', true),
      url: field(
        'sqlserver://sa:{param:saPassword}@{host}:{port:mssql}',
        'Connection URL with credentials',
        true,
      ),
    },
  },
  {
    name: 'rabbitmq',
    displayName: 'RabbitMQ',
    image: 'docker.io/library/rabbitmq',
    tags: ['3.13-management', '4.0-management', '4.1-management'],
    ports: [
      { name: 'amqp', port: 5672, protocol: 'tcp' },
      { name: 'management', port: 15672, protocol: 'tcp' },
    ],
    params: [{ ...userParam, pattern: sqlName }, passwordParam],
    env: { RABBITMQ_DEFAULT_USER: '{param:user}', RABBITMQ_DEFAULT_PASS: '{param:password}' },
    dataPath: '/var/lib/rabbitmq',
    health: { exec: ['rabbitmq-diagnostics', '-q', 'ping'] },
    resources: { cpu: '500m', memory: '512Mi' },
    connection: {
      host,
      port: field('{port:amqp}', 'AMQP port'),
      user: field('{param:user}', 'User name'),
      password: field('{param:password}', "The user's password", true),
      url: field(
        'amqp://{param:user}:{param:password}@{host}:{port:amqp}',
        'AMQP URL with credentials',
        true,
      ),
      managementUrl: field('http://{host}:{port:management}', 'Management UI and HTTP API'),
    },
  },
  {
    name: 'mosquitto',
    displayName: 'Eclipse Mosquitto (MQTT broker)',
    image: 'docker.io/library/eclipse-mosquitto',
    tags: ['2.0'],
    ports: [{ name: 'mqtt', port: 1883, protocol: 'tcp' }],
    params: [],
    env: {},
    // Mosquitto 2 listens on localhost only by default; the image ships this config for a
    // broker that the app's other nodes can reach.
    command: ['mosquitto', '-c', '/mosquitto-no-auth.conf'],
    dataPath: '/mosquitto/data',
    health: { tcp: { port: 'mqtt' } },
    resources: { cpu: '100m', memory: '64Mi' },
    connection: {
      host,
      port: field('{port:mqtt}', 'MQTT port'),
      url: field('mqtt://{host}:{port:mqtt}', 'Broker URL'),
    },
  },
  {
    name: 'nginx',
    displayName: 'NGINX',
    image: 'docker.io/library/nginx',
    tags: ['1.26', '1.27', '1.28'],
    ports: [{ name: 'http', port: 80, protocol: 'tcp' }],
    params: [],
    env: {},
    health: { tcp: { port: 'http' } },
    resources: { cpu: '100m', memory: '64Mi' },
    connection: {
      host,
      port: field('{port:http}', 'HTTP port'),
      url: field('http://{host}:{port:http}', 'Base URL'),
    },
  },
];

const byName = new Map(middlewareCatalog.map((entry) => [entry.name, entry]));

/** The catalog entry called `name`, or undefined when the catalog has none. */
export function catalogEntry(name: string): CatalogEntry | undefined {
  return byName.get(name);
}
