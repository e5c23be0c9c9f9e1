import { normalizeServerUrl } from '@berth/client';
import { CliError } from './cli-error.js';
import { type Config, type Context, currentContext, findContext } from './config.js';
import { exitCodes } from './exit-codes.js';
import type { OutputFormat } from './output.js';

/** The options every command accepts. */
export interface GlobalOptions {
  server?: string | undefined;
  account?: string | undefined;
  context?: string | undefined;
  output: OutputFormat;
  token?: string | undefined;
}

/** What the environment may supply in place of flags (CI has no config file). */
export interface EnvOptions {
  server?: string | undefined;
  token?: string | undefined;
}

/** Where a command sends its requests, as whom, in which account. */
export interface Connection {
  server: string;
  token: string;
  account?: string | undefined;
  /** The context the token came from; absent for `--token` and BERTH_TOKEN. */
  context?: Context | undefined;
}

/**
 * Decides the server, token and account of a command. The server: `--server`, else the
 * server of `--context`, else BERTH_SERVER, else the current context's. The token:
 * `--token`, else BERTH_TOKEN, else that of a context for *the same server*: a context's
 * token is never sent to another server. The account: `--account`, else the context's.
 * @throws CliError: usage (2) for a bad server URL, not found (5) for an unknown
 *   `--context`, not signed in (3) when there is no server or no token.
 */
export function resolveConnection(
  globals: GlobalOptions,
  config: Config,
  env: EnvOptions,
): Connection {
  const named = globals.context === undefined ? undefined : contextNamed(config, globals.context);
  const current = currentContext(config);
  const rawServer = globals.server ?? named?.server ?? env.server ?? current?.server;
  if (rawServer === undefined) {
    throw notSignedIn(
      'Not signed in: run "berth login --server URL" (or set BERTH_SERVER and BERTH_TOKEN)',
    );
  }
  const server = serverUrl(rawServer);
  const candidates = named ? [named] : [current, ...config.contexts];
  const context = candidates.find((c) => c !== undefined && sameServer(c.server, server));
  const token = globals.token ?? env.token ?? context?.token;
  if (!token) {
    throw notSignedIn(`Not signed in to ${server}: run "berth login --server ${server}"`);
  }
  return { server, token, account: globals.account ?? context?.account, context };
}

/** @throws CliError (not found, 5) when no context has that name. */
export function contextNamed(config: Config, name: string): Context {
  const context = findContext(config, name);
  if (!context) {
    throw new CliError(
      `No context named "${name}": see "berth context list"`,
      exitCodes.notFound,
      'context_not_found',
    );
  }
  return context;
}

/**
 * Normalises a server URL given on the command line.
 * @throws CliError (usage) when it is not an http(s) URL.
 */
export function serverUrl(value: string): string {
  try {
    return normalizeServerUrl(value);
  } catch (error) {
    throw new CliError((error as Error).message, exitCodes.usage, 'invalid_server_url');
  }
}

function sameServer(a: string, b: string): boolean {
  try {
    return normalizeServerUrl(a) === normalizeServerUrl(b);
  } catch {
    return false;
  }
}

function notSignedIn(message: string): CliError {
  return new CliError(message, exitCodes.unauthenticated, 'not_signed_in');
}
