import { newPassword } from '@berth/spec';
import { CliError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { exitCodes } from './exit-codes.js';

/** How one secret is obtained: which stdin flag was given, and what to call it. */
export interface SecretSource {
  /** The secret comes from the next line of stdin. */
  fromStdin: boolean;
  /** The flag that would supply it, named in the error when there is no terminal. */
  flag: string;
  /** What it is, e.g. "password"; used in prompts and errors. */
  what: string;
}

/**
 * An existing password: from the next stdin line when asked to, else from a hidden prompt.
 * @throws CliError (usage) when there is neither a stdin line nor a terminal.
 */
export async function askPassword(ctx: CommandContext, source: SecretSource): Promise<string> {
  if (source.fromStdin) return ctx.stdin.next(source.what);
  assertInteractive(ctx, source);
  return ctx.deps.prompter.secret(capitalise(source.what));
}

const attempts = 3;

/**
 * A password to set: from the next stdin line when asked to (the server checks it), else
 * prompted twice on the terminal, checked against the length rule before it is sent.
 * @throws CliError (usage) with no stdin line and no terminal, or after three failed tries.
 */
export async function askNewPassword(ctx: CommandContext, source: SecretSource): Promise<string> {
  if (source.fromStdin) return ctx.stdin.next(source.what);
  assertInteractive(ctx, source);
  const { prompter } = ctx.deps;
  for (let i = 0; i < attempts; i++) {
    const first = await prompter.secret(capitalise(source.what));
    const checked = newPassword.safeParse(first);
    if (!checked.success) {
      ctx.out.note(`The ${source.what} ${checked.error.issues[0]?.message ?? 'is not acceptable'}`);
      continue;
    }
    if ((await prompter.secret(`Repeat the ${source.what}`)) === first) return first;
    ctx.out.note('The two entries differ; try again.');
  }
  throw new CliError(
    `No ${source.what} set after ${attempts} tries`,
    exitCodes.usage,
    'no_password',
  );
}

function assertInteractive(ctx: CommandContext, source: SecretSource): void {
  if (ctx.deps.interactive) return;
  throw new CliError(
    `No terminal to ask for the ${source.what}: pass ${source.flag} and write it to standard input`,
    exitCodes.usage,
    'not_interactive',
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
