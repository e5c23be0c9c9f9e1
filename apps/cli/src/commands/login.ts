import type { LoginResponse } from '@berth/spec';
import type { Command } from 'commander';
import { askNewPassword, askPassword } from '../ask-password.js';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import {
  type Config,
  type Context,
  currentContext,
  findContext,
  newContextName,
  upsertContext,
} from '../config.js';
import { serverUrl } from '../connection.js';
import { exitCodes } from '../exit-codes.js';

interface LoginOptions {
  username?: string;
  passwordStdin?: boolean;
  newPasswordStdin?: boolean;
}

const examples = `
Examples:
  # sign in interactively; prompts for what is missing
  berth login --server https://berth.example.com

  # first sign-in of the admin from a script: current password on line 1, new one on line 2
  printf '%s\\n%s\\n' "$INITIAL" "$NEW" | berth login --server http://127.0.0.1:7700 \\
      --username admin --password-stdin --new-password-stdin

The session token is saved in the context (--context NAME, default: the server's host),
which becomes the current one. --account NAME saves a default account in it.`;

/** `berth login`: signs in, saves the session in a context, and makes it current. */
export function registerLogin(program: Command, deps: CliDeps): void {
  program
    .command('login')
    .summary('sign in to a server and save the session in a context')
    .description(
      'Sign in with username and password and save the session token in a context of the config file. When the server requires a new password (first sign-in of the admin), set it now: prompted twice on a terminal, or the next line of stdin with --new-password-stdin.',
    )
    .option('--username <name>', "who to sign in as (default: the context's user, or a prompt)")
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option(
      '--new-password-stdin',
      'if the server requires a new password, read it from the next line of standard input',
    )
    .addHelpText('after', examples)
    .action((options: LoginOptions, command: Command) =>
      login(createCommandContext(command, deps), options),
    );
}

async function login(ctx: CommandContext, options: LoginOptions): Promise<void> {
  const config = await ctx.loadConfig();
  const named = ctx.globals.context ? findContext(config, ctx.globals.context) : undefined;
  const previous = named ?? (ctx.globals.context ? undefined : currentContext(config));
  const server = await chooseServer(ctx, named?.server ?? ctx.deps.env.server ?? previous?.server);
  const known = previous?.server === server ? previous : undefined;
  const username = await chooseUsername(ctx, options, known);
  const password = await askPassword(ctx, {
    fromStdin: options.passwordStdin === true,
    flag: '--password-stdin',
    what: 'password',
  });
  const session = await ctx.clientFor(server).auth.login({ username, password });
  const context = contextFor(ctx, config, server, session);
  await ctx.saveConfig({ ...upsertContext(config, context), currentContext: context.name });

  const passwordChanged = session.mustChangePassword;
  const newPasswordStdin = options.newPasswordStdin === true;
  if (passwordChanged) {
    await changeRequiredPassword(ctx, { server, token: session.token, password }, newPasswordStdin);
  } else if (options.newPasswordStdin) {
    ctx.out.note('The server did not ask for a new password; --new-password-stdin was ignored.');
  }
  ctx.out.note(`Signed in to ${server} as ${session.user.username} (context "${context.name}").`);
  ctx.out.result(
    {
      context: context.name,
      server,
      username: session.user.username,
      account: context.account ?? null,
      expiresAt: session.expiresAt,
      passwordChanged,
    },
    () => '',
  );
}

/** `--server`, else the fallback (the context's, BERTH_SERVER), else a prompt. */
async function chooseServer(ctx: CommandContext, fallback: string | undefined): Promise<string> {
  const given = ctx.globals.server ?? fallback;
  if (given) return serverUrl(given);
  if (!ctx.deps.interactive) {
    throw new CliError('Name the server: --server URL', exitCodes.usage, 'server_required');
  }
  return serverUrl(await ctx.deps.prompter.text('Server URL'));
}

async function chooseUsername(
  ctx: CommandContext,
  options: LoginOptions,
  known: Context | undefined,
): Promise<string> {
  if (options.username) return options.username;
  if (ctx.deps.interactive) return ctx.deps.prompter.text('Username', known?.username);
  if (known) return known.username;
  throw new CliError('Name the user: --username NAME', exitCodes.usage, 'username_required');
}

/** The context to save: the one named, else one for this server and user, else a new one. */
function contextFor(
  ctx: CommandContext,
  config: Config,
  server: string,
  session: LoginResponse,
): Context {
  const username = session.user.username;
  const existing = ctx.globals.context
    ? findContext(config, ctx.globals.context)
    : config.contexts.find((c) => c.server === server && c.username === username);
  return {
    name: ctx.globals.context ?? existing?.name ?? newContextName(config, server, username),
    server,
    username,
    token: session.token,
    account: ctx.globals.account ?? existing?.account,
  };
}

/**
 * Sets the new password the server requires. Without a way to ask for it, the session
 * stays saved (it may only change the password) and the command fails with exit code 4.
 */
async function changeRequiredPassword(
  ctx: CommandContext,
  session: { server: string; token: string; password: string },
  newPasswordStdin: boolean,
): Promise<void> {
  if (!newPasswordStdin && !ctx.deps.interactive) {
    throw new CliError(
      'Signed in, but the server requires a new password before anything else: run "berth password change", or sign in again with --new-password-stdin',
      exitCodes.forbidden,
      'password_change_required',
    );
  }
  if (!newPasswordStdin) ctx.out.note('The server requires you to choose a new password.');
  const newPassword = await askNewPassword(ctx, {
    fromStdin: newPasswordStdin,
    flag: '--new-password-stdin',
    what: 'new password',
  });
  const client = ctx.clientFor(session.server, session.token);
  await client.auth.changePassword({ currentPassword: session.password, newPassword });
  ctx.out.note('Password changed.');
}
