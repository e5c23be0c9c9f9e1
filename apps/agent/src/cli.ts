import { Command, CommanderError, Option } from 'commander';
import type { AgentLogLevel } from './agent-logger.js';
import { exitCodeOf, exitCodes, exitCodesHelp } from './exit-codes.js';

/** What the commands need from the process; `main.ts` builds it, tests fake it. */
export interface AgentCliDeps {
  version: string;
  env: { dockerHost?: string; xdgRuntimeDir?: string; joinToken?: string };
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where `run` writes its JSON log lines; stderr by default. */
  logStream?: { write(line: string): unknown };
  /** Resolves when the process is asked to stop (SIGTERM, SIGINT). */
  stopRequested: Promise<string>;
}

export interface JoinFlags {
  server: string;
  token?: string;
  node: string;
  stateDir: string;
  fingerprint?: string;
  engineSocket?: string;
}
export interface RunFlags {
  stateDir: string;
  engine: 'auto' | 'none';
  engineSocket?: string;
  storageDir?: string;
  appsDir?: string;
  logLevel: AgentLogLevel;
}
export interface StatusFlags {
  stateDir: string;
  output: 'text' | 'json';
}

const environmentHelp = `Environment:
  BERTH_JOIN_TOKEN  the join token, instead of --token (which other users can see in
                    the process list)
  DOCKER_HOST       unix:///path of the container engine's socket (see --engine-socket)`;

const examples = `Examples:
  berth-agent join --server https://berth.example.com --token bjn_… --node gate-01 \\
    --state-dir /var/lib/berth-agent --fingerprint sha256:AB:CD:…
  berth-agent run --state-dir /var/lib/berth-agent
  berth-agent status --state-dir /var/lib/berth-agent --output json`;

/**
 * Builds the `berth-agent` command tree. Commands load their modules lazily, so
 * `status` and `--help` do not pay for the WebSocket and reconcile code.
 */
export function createProgram(deps: AgentCliDeps, setExit: (code: number) => void): Command {
  const program = new Command('berth-agent')
    .description(
      'Berth edge agent: joins this host to a Berth control plane once, then keeps it in sync with its desired state, also while the platform is unreachable.',
    )
    .version(deps.version, '--version', 'print the version')
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', `\n${examples}\n\n${exitCodesHelp}\n\n${environmentHelp}`);
  const stateDir = () =>
    new Option(
      '--state-dir <dir>',
      "the agent's state directory (created 0700)",
    ).makeOptionMandatory();

  program
    .command('join')
    .description('join this host to the platform once, with a single-use token')
    .requiredOption('--server <url>', "the control plane's URL, http(s)://…")
    .option('--token <token>', 'the join token (see BERTH_JOIN_TOKEN)')
    .requiredOption('--node <name>', 'the node name the token was issued for')
    .addOption(stateDir())
    .option(
      '--fingerprint <sha256:…>',
      "pin the server's TLS certificate (accepts a self-signed one)",
    )
    .option('--engine-socket <path>', "the container engine's unix socket (default: probe)")
    .action(async (flags: JoinFlags) => {
      const { runJoin } = await import('./commands/join-command.js');
      setExit(await runJoin(flags, deps));
    });

  program
    .command('run')
    .description('run the agent: reconcile the desired state and stay connected (until SIGTERM)')
    .addOption(stateDir())
    .addOption(
      new Option('--engine <engine>', 'container engine to use: probe for one, or none')
        .choices(['auto', 'none'])
        .default('auto'),
    )
    .option('--engine-socket <path>', "the container engine's unix socket (default: probe)")
    .option(
      '--storage-dir <dir>',
      "root of the instances' volumes, <dir>/<instance>/<node>/<volume> (default: <state-dir>/volumes)",
    )
    .option(
      '--apps-dir <dir>',
      "where light apps live; the programs' user must be able to reach it (default: <state-dir>-apps, or /var/lib/berth/apps/<id> when that is out of its reach)",
    )
    .addOption(
      new Option('--log-level <level>', 'log level until the desired state sets one')
        .choices(['error', 'warn', 'info', 'debug'])
        .default('info'),
    )
    .action(async (flags: RunFlags) => {
      const { runRun } = await import('./commands/run-command.js');
      setExit(await runRun(flags, deps));
    });

  program
    .command('status')
    .description("show this host's node, connection, generations and workloads")
    .addOption(stateDir())
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (flags: StatusFlags) => {
      const { runStatus } = await import('./commands/status-command.js');
      setExit(await runStatus(flags, deps));
    });
  return program;
}

/**
 * Runs `berth-agent` on `args` (without node and the script) and resolves to the exit
 * code; never rejects. Errors are printed as `error: …` on stderr.
 */
export async function runCli(args: string[], deps: AgentCliDeps): Promise<number> {
  let code: number = exitCodes.ok;
  const program = createProgram(deps, (c) => {
    code = c;
  });
  try {
    if (args.length === 0) {
      program.outputHelp({ error: true });
      return exitCodes.usage;
    }
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (or the help, or the version) already
      const done = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return done ? exitCodes.ok : exitCodes.usage;
    }
    deps.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeOf(error);
  }
}
