import { type BerthClient, createClient } from '@berth/client';
import type { Command } from 'commander';
import type { Config } from './config.js';
import { readConfig, writeConfig } from './config-file.js';
import {
  type Connection,
  type EnvOptions,
  type GlobalOptions,
  resolveConnection,
} from './connection.js';
import { globalsOf } from './global-options.js';
import { createOutput, type Output } from './output.js';
import type { Prompter } from './prompter.js';
import { createStdinLines, type StdinLines } from './stdin-lines.js';

/** Everything the CLI needs from the outside world; only `main.ts` builds it. */
export interface CliDeps {
  version: string;
  configPath: string;
  /** Warn about a config file that others can read (not on Windows). */
  checkConfigMode: boolean;
  env: EnvOptions;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Whether prompts are possible: stdin and stderr are terminals. */
  interactive: boolean;
  prompter: Prompter;
  /** Whether stderr is a terminal: progress may then redraw one status line. */
  stderrIsTerminal: boolean;
  /** Milliseconds since the epoch ("12 s ago", deadlines of `--wait`). */
  now: () => number;
  /** Resolves after `ms` milliseconds (between polls). */
  sleep: (ms: number) => Promise<void>;
  /**
   * Calls `handler` on Ctrl+C (SIGINT) until the returned function is called. While a
   * handler is registered Ctrl+C does not end the process: the command ends itself.
   */
  onInterrupt: (handler: () => void) => () => void;
  fetch?: typeof fetch | undefined;
}

/** What a command's action works with. */
export interface CommandContext {
  readonly globals: GlobalOptions;
  readonly out: Output;
  readonly deps: CliDeps;
  readonly stdin: StdinLines;
  loadConfig(): Promise<Config>;
  saveConfig(config: Config): Promise<void>;
  /** A client for `server`, with `token` if given; for login, before there is a session. */
  clientFor(server: string, token?: string, account?: string): BerthClient;
  /** Resolves server, token and account (see `resolveConnection`) and a client for them. */
  connect(): Promise<{ client: BerthClient; connection: Connection }>;
}

/** Builds the context of one command's action from its parsed options and the deps. */
export function createCommandContext(command: Command, deps: CliDeps): CommandContext {
  const globals = globalsOf(command);
  const out = createOutput(globals.output, deps);
  const loadConfig = () =>
    readConfig(deps.configPath, { warn: out.note, checkMode: deps.checkConfigMode });
  const clientFor = (server: string, token?: string, account?: string) =>
    createClient({
      server,
      token,
      account,
      fetch: deps.fetch,
      userAgent: `berth-cli/${deps.version}`,
    });
  return {
    globals,
    out,
    deps,
    stdin: createStdinLines(deps.readStdin),
    loadConfig,
    saveConfig: (config) => writeConfig(deps.configPath, config),
    clientFor,
    async connect() {
      const connection = resolveConnection(globals, await loadConfig(), deps.env);
      const client = clientFor(connection.server, connection.token, connection.account);
      return { client, connection };
    },
  };
}
