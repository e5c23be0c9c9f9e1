import { BerthApiError } from '@berth/client';
import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { upsertContext } from '../config.js';

const examples = `
Examples:
  berth logout                  # the current context
  berth logout --context prod   # another one`;

/** `berth logout`: ends the session on the server and forgets its token. */
export function registerLogout(program: Command, deps: CliDeps): void {
  program
    .command('logout')
    .summary('end the session and remove its token from the context')
    .description(
      'End the session on the server and remove its token from the context; the context keeps its server and user, for the next "berth login". A personal access token given with --token or BERTH_TOKEN is not revoked by this: use "berth tokens revoke".',
    )
    .addHelpText('after', examples)
    .action((_options: unknown, command: Command) => logout(createCommandContext(command, deps)));
}

async function logout(ctx: CommandContext): Promise<void> {
  const { client, connection } = await ctx.connect();
  const context = connection.token === connection.context?.token ? connection.context : undefined;
  let failure: unknown;
  try {
    await client.auth.logout();
  } catch (error) {
    // an expired or revoked session is as good as ended
    if (!(error instanceof BerthApiError && error.status === 401)) failure = error;
  }
  if (context) {
    const config = await ctx.loadConfig();
    await ctx.saveConfig(upsertContext(config, { ...context, token: undefined }));
  }
  if (failure) {
    if (context) ctx.out.note(`The token was removed from context "${context.name}" anyway.`);
    throw failure;
  }
  const where = context ? ` (context "${context.name}")` : '';
  ctx.out.note(`Signed out of ${connection.server}${where}.`);
  ctx.out.result({ server: connection.server, context: context?.name ?? null }, () => '');
}
