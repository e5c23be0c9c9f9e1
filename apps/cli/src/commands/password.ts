import type { Command } from 'commander';
import { askNewPassword, askPassword } from '../ask-password.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';

interface ChangeOptions {
  passwordStdin?: boolean;
  newPasswordStdin?: boolean;
}

const examples = `
Examples:
  berth password change           # prompts for the current password and the new one twice
  printf '%s\\n%s\\n' "$OLD" "$NEW" | berth password change --password-stdin --new-password-stdin

Your other sessions are signed out; personal access tokens stay valid.`;

/** `berth password change`: changes the signed-in user's password. */
export function registerPassword(program: Command, deps: CliDeps): void {
  const group = program.command('password').summary('change your password');
  group
    .command('change')
    .description('Change your password. Allowed even while the server requires a new password.')
    .option('--password-stdin', 'read the current password from the first line of standard input')
    .option('--new-password-stdin', 'read the new password from the next line of standard input')
    .addHelpText('after', examples)
    .action((options: ChangeOptions, command: Command) =>
      change(createCommandContext(command, deps), options),
    );
}

async function change(ctx: CommandContext, options: ChangeOptions): Promise<void> {
  const { client } = await ctx.connect();
  const currentPassword = await askPassword(ctx, {
    fromStdin: options.passwordStdin === true,
    flag: '--password-stdin',
    what: 'current password',
  });
  const newPassword = await askNewPassword(ctx, {
    fromStdin: options.newPasswordStdin === true,
    flag: '--new-password-stdin',
    what: 'new password',
  });
  await client.auth.changePassword({ currentPassword, newPassword });
  ctx.out.note('Password changed. Your other sessions were signed out.');
  ctx.out.result({ passwordChanged: true }, () => '');
}
