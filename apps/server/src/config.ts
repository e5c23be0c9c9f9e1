import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** One setting: its environment variable, its flag (if any) and whether it is a secret. */
interface Setting {
  env: string;
  flag?: string;
  secret?: boolean;
  help: string;
}

const settings = {
  port: { env: 'BERTH_PORT', flag: 'port', help: 'TCP port of the HTTP API and console (7700)' },
  host: { env: 'BERTH_HOST', flag: 'host', help: 'address to listen on (127.0.0.1)' },
  dataDir: {
    env: 'BERTH_DATA_DIR',
    flag: 'data-dir',
    help: 'embedded database, blobs, key file (./.berth)',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    flag: 'database-url',
    secret: true,
    help: 'use this Postgres instead of the embedded database',
  },
  adminPassword: {
    env: 'BERTH_ADMIN_PASSWORD',
    secret: true,
    help: 'first-start admin password (random when unset)',
  },
  masterKey: {
    env: 'BERTH_MASTER_KEY',
    secret: true,
    help: 'key for secrets at rest, 32 bytes base64 (a key file in the data folder when unset and embedded)',
  },
  previousMasterKeys: {
    env: 'BERTH_PREVIOUS_MASTER_KEYS',
    secret: true,
    help: 'comma-separated older master keys, to open secrets sealed before a rotation',
  },
  logLevel: {
    env: 'BERTH_LOG_LEVEL',
    flag: 'log-level',
    help: 'fatal, error, warn, info, debug or trace (info)',
  },
  publicUrl: {
    env: 'BERTH_PUBLIC_URL',
    flag: 'public-url',
    help: 'the URL users and agents reach Berth at (http://HOST:PORT)',
  },
  bodyLimit: {
    env: 'BERTH_BODY_LIMIT',
    flag: 'body-limit',
    help: 'largest request body in bytes (1048576)',
  },
  packageLimitMi: {
    env: 'BERTH_PACKAGE_LIMIT_MI',
    flag: 'package-limit-mi',
    help: 'largest light app package in MiB (64)',
  },
  sessionTtlHours: {
    env: 'BERTH_SESSION_TTL_HOURS',
    flag: 'session-ttl-hours',
    help: 'how long a sign-in lasts (12)',
  },
  trustProxy: {
    env: 'BERTH_TRUST_PROXY',
    flag: 'trust-proxy',
    help: 'true behind a reverse proxy that sets X-Forwarded-For (false)',
  },
  tlsCert: {
    env: 'BERTH_TLS_CERT',
    flag: 'tls-cert',
    help: 'PEM certificate file: serve HTTPS (with BERTH_TLS_KEY); join commands pin it',
  },
  tlsKey: { env: 'BERTH_TLS_KEY', flag: 'tls-key', help: 'PEM private key file of BERTH_TLS_CERT' },
  joinTokenTtlHours: {
    env: 'BERTH_JOIN_TOKEN_TTL_HOURS',
    flag: 'join-token-ttl-hours',
    help: 'how long a node join token is valid (24)',
  },
  consoleDir: {
    env: 'BERTH_CONSOLE_DIR',
    flag: 'console-dir',
    help: 'the built web console served at / (apps/console/dist of this checkout)',
  },
  localAgent: {
    env: 'BERTH_LOCAL_AGENT',
    flag: 'local-agent',
    help: '0: npm start runs no agent for the node "local" in its process (1)',
  },
} satisfies Record<string, Setting>;

type Key = keyof typeof settings;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const schema = z.object({
  port: int(1, 65_535).default(7700),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./.berth'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  adminPassword: z.string().min(8, 'must be at least 8 characters').max(256).optional(),
  masterKey: z.string().optional(),
  previousMasterKeys: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  publicUrl: z.url('must be a URL like https://berth.example.com').optional(),
  bodyLimit: int(1024, 1024 ** 3).default(1_048_576),
  packageLimitMi: int(1, 4096).default(64),
  sessionTtlHours: int(1, 24 * 90).default(12),
  trustProxy: bool.default(false),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  joinTokenTtlHours: int(1, 24 * 30).default(24),
  consoleDir: z.string().min(1).optional(),
  localAgent: bool.default(true),
});

export type Config = Omit<z.infer<typeof schema>, 'publicUrl' | 'consoleDir'> & {
  publicUrl: string;
  consoleDir: string;
};

/**
 * The console built next to this code: the server runs from apps/server/dist (bundled
 * or not) and its tests from apps/server/src, both two folders below apps/.
 */
const builtConsole = fileURLToPath(new URL('../../console/dist', import.meta.url));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Berth cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/**
 * Reads the configuration from environment variables, overridden by command-line flags,
 * and validates it. Called only by the composition root.
 * @throws ConfigError listing every problem, each naming the variable or flag; secret
 *   values are never repeated in the message.
 */
export function loadConfig(env: Record<string, string | undefined>, argv: string[]): Config {
  const options = Object.fromEntries(
    Object.values(settings)
      .filter((s): s is Setting & { flag: string } => 'flag' in s)
      .map((s) => [s.flag, { type: 'string' as const }]),
  );
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError([`${(error as Error).message} (see --help)`]);
  }
  const raw: Partial<Record<Key, string>> = {};
  for (const [key, s] of Object.entries(settings) as [Key, Setting][]) {
    const value = (s.flag ? flags[s.flag] : undefined) ?? env[s.env];
    if (typeof value === 'string' && value !== '') raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path[0] as Key;
        const s: Setting = settings[key];
        const name = s.flag ? `${s.env} (or --${s.flag})` : s.env;
        const shown = s.secret ? '' : ` (got "${raw[key]}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const c = result.data;
  if ((c.tlsCert === undefined) !== (c.tlsKey === undefined)) {
    throw new ConfigError(['BERTH_TLS_CERT and BERTH_TLS_KEY: set both, or neither']);
  }
  const shownHost = c.host === '0.0.0.0' || c.host === '::' ? 'localhost' : c.host;
  return {
    ...c,
    dataDir: resolve(c.dataDir),
    consoleDir: resolve(c.consoleDir ?? builtConsole),
    publicUrl: (c.publicUrl ?? `${c.tlsCert ? 'https' : 'http'}://${shownHost}:${c.port}`).replace(
      /\/$/,
      '',
    ),
  };
}

/** The text of `berth-server --help`. */
export function configHelp(): string {
  const rows = Object.values(settings).map((s: Setting) => {
    const left = s.flag ? `--${s.flag}, ${s.env}` : s.env;
    return `  ${left.padEnd(42)} ${s.help}`;
  });
  return [
    'Usage: berth-server [serve] [flags]      run the control plane',
    '       berth-server rotate-secrets       re-seal every stored secret under BERTH_MASTER_KEY',
    '',
    'Settings (flags override environment variables):',
    ...rows,
  ].join('\n');
}
