import { Command, CommanderError, Help } from 'commander';
import type { CliDeps } from './command-context.js';
import { registerAccounts } from './commands/accounts.js';
import { registerApply } from './commands/apply.js';
import { registerApps } from './commands/apps.js';
import { registerAudit } from './commands/audit.js';
import { registerCatalog } from './commands/catalog.js';
import { registerClusters } from './commands/clusters.js';
import { registerContext } from './commands/context.js';
import { registerDeploy } from './commands/deploy.js';
import { registerEvents } from './commands/events.js';
import { registerInstances } from './commands/instances.js';
import { registerLightApps } from './commands/lightapps.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerLogs } from './commands/logs.js';
import { registerMembers } from './commands/members.js';
import { registerNodes } from './commands/nodes.js';
import { registerPassword } from './commands/password.js';
import { registerSpec } from './commands/spec.js';
import { registerTokens } from './commands/tokens.js';
import { registerUsers } from './commands/users.js';
import { registerVersions } from './commands/versions.js';
import { registerWhoami } from './commands/whoami.js';
import { exitCodes, exitCodesHelp } from './exit-codes.js';
import { addGlobalOptions, globalsOf, shareGlobalOptions } from './global-options.js';
import { reportError } from './report-error.js';

const environmentHelp = `Environment:
  BERTH_CONFIG   the config file (default: $XDG_CONFIG_HOME/berth/config.yaml,
                 else ~/.config/berth/config.yaml)
  BERTH_SERVER   the server, when neither --server nor a context names one
  BERTH_TOKEN    a token to use instead of the context's (CI); safer than --token,
                 which other users can see in the process list`;

/**
 * Builds the `berth` command tree. Every command shares the global options and writes
 * through `deps`, so the whole CLI runs in-process in tests.
 */
export function createProgram(deps: CliDeps): Command {
  const program = new Command('berth')
    .description(
      'Berth command-line interface: sign in, manage accounts, users and tokens, apps and their versions, clusters and their nodes, and deploy and operate instances.',
    )
    .version(deps.version, '--version', 'print the version');
  addGlobalOptions(program)
    .configureHelp({
      showGlobalOptions: true,
      // `--version` prints the CLI's version only before a command (`berth deploy` has its own)
      visibleGlobalOptions(command) {
        return Help.prototype.visibleGlobalOptions
          .call(this, command)
          .filter((option) => option.long !== '--version');
      },
    })
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', `\n${exitCodesHelp}\n\n${environmentHelp}`);
  for (const register of [
    registerLogin,
    registerLogout,
    registerWhoami,
    registerContext,
    registerPassword,
    registerTokens,
    registerAccounts,
    registerMembers,
    registerUsers,
    registerAudit,
    registerApps,
    registerVersions,
    registerApply,
    registerSpec,
    registerCatalog,
    registerClusters,
    registerNodes,
    registerDeploy,
    registerInstances,
    registerEvents,
    registerLogs,
    registerLightApps,
  ]) {
    register(program, deps);
  }
  shareGlobalOptions(program);
  return program;
}

/**
 * Runs the CLI on `args` (without the node and script paths) and resolves to the exit
 * code; never rejects. Errors are reported on stderr (see `reportError`).
 */
export async function runCli(args: string[], deps: CliDeps): Promise<number> {
  const program = createProgram(deps);
  let active: Command = program;
  program.hook('preAction', (_program, command) => {
    active = command;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (or the help) already
      const done = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return done ? exitCodes.ok : exitCodes.usage;
    }
    const json = globalsOf(active).output === 'json';
    return reportError(error, { write: deps.stderr, json });
  }
}
