import { join } from 'node:path';

/** A server and the session on it: what `berth login` writes and other commands use. */
export interface Context {
  name: string;
  server: string;
  username: string;
  /** Absent after `berth logout`. */
  token?: string | undefined;
  /** The account commands act in unless `--account` names another. */
  account?: string | undefined;
}

/** The CLI's configuration file, as YAML. */
export interface Config {
  currentContext?: string | undefined;
  contexts: Context[];
}

export const emptyConfig: Config = { contexts: [] };

/**
 * Where the configuration lives: `$BERTH_CONFIG`, else `$XDG_CONFIG_HOME/berth/config.yaml`,
 * else `~/.config/berth/config.yaml`. Empty variables count as unset.
 */
export function configPath(
  env: { BERTH_CONFIG?: string | undefined; XDG_CONFIG_HOME?: string | undefined },
  home: string,
): string {
  if (env.BERTH_CONFIG) return env.BERTH_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(home, '.config');
  return join(base, 'berth', 'config.yaml');
}

/**
 * Checks a parsed YAML document against the config shape.
 * @returns the config, or a message naming the first thing wrong.
 */
export function parseConfig(value: unknown): Config | string {
  if (value === null || value === undefined) return { contexts: [] };
  if (typeof value !== 'object' || Array.isArray(value)) return 'must be a mapping';
  const raw = value as Record<string, unknown>;
  if (raw.currentContext !== undefined && typeof raw.currentContext !== 'string') {
    return 'currentContext must be a string';
  }
  const list = raw.contexts ?? [];
  if (!Array.isArray(list)) return 'contexts must be a list';
  const contexts: Context[] = [];
  for (const [i, item] of list.entries()) {
    const context = parseContext(item);
    if (typeof context === 'string') return `contexts[${i}]: ${context}`;
    contexts.push(context);
  }
  return { currentContext: raw.currentContext, contexts };
}

function parseContext(item: unknown): Context | string {
  if (typeof item !== 'object' || item === null) return 'must be a mapping';
  const c = item as Record<string, unknown>;
  for (const key of ['name', 'server', 'username'] as const) {
    if (typeof c[key] !== 'string' || c[key] === '') return `${key} must be a non-empty string`;
  }
  for (const key of ['token', 'account'] as const) {
    if (c[key] !== undefined && c[key] !== null && typeof c[key] !== 'string') {
      return `${key} must be a string`;
    }
  }
  const optional = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    name: c.name as string,
    server: c.server as string,
    username: c.username as string,
    token: optional(c.token),
    account: optional(c.account),
  };
}

/** The context of that name, if any. */
export function findContext(config: Config, name: string): Context | undefined {
  return config.contexts.find((c) => c.name === name);
}

/** The context that `currentContext` names, if it exists. */
export function currentContext(config: Config): Context | undefined {
  return config.currentContext === undefined
    ? undefined
    : findContext(config, config.currentContext);
}

/** Adds the context, or replaces the one of the same name in place (order is kept). */
export function upsertContext(config: Config, context: Context): Config {
  const exists = config.contexts.some((c) => c.name === context.name);
  const contexts = exists
    ? config.contexts.map((c) => (c.name === context.name ? context : c))
    : [...config.contexts, context];
  return { ...config, contexts };
}

/** Removes the context; when it was the current one, no context is current afterwards. */
export function removeContext(config: Config, name: string): Config {
  return {
    currentContext: config.currentContext === name ? undefined : config.currentContext,
    contexts: config.contexts.filter((c) => c.name !== name),
  };
}

/**
 * A name for a new context on `server`: its host (`berth.example.com`, `127.0.0.1:7700`),
 * or `username@host` when a context for another server or user already has that name.
 */
export function newContextName(config: Config, server: string, username: string): string {
  const host = new URL(server).host;
  for (const name of [host, `${username}@${host}`]) {
    if (!findContext(config, name)) return name;
  }
  let n = 2;
  while (findContext(config, `${username}@${host}-${n}`)) n++;
  return `${username}@${host}-${n}`;
}
