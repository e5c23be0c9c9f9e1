import { CliError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { exitCodes } from './exit-codes.js';

/**
 * Makes sure the person means an action that cannot be undone. `--yes` skips the
 * question; on a terminal it asks `question [y/N]` and only "y" or "yes" goes on; without
 * a terminal (CI) it refuses, because nobody can answer.
 * @throws CliError: usage (2) without a terminal and without `--yes`; cancelled (130)
 *   for any answer but yes.
 */
export async function confirm(
  ctx: CommandContext,
  question: string,
  options: { yes: boolean; refusal: string },
): Promise<void> {
  if (options.yes) return;
  if (!ctx.deps.interactive)
    throw new CliError(
      `${options.refusal} without confirmation: add --yes`,
      exitCodes.usage,
      'confirmation_required',
    );
  const answer = await ctx.deps.prompter.text(`${question} [y/N]`);
  if (!/^y(es)?$/i.test(answer.trim()))
    throw new CliError('Cancelled: nothing was changed', exitCodes.cancelled, 'cancelled');
}
