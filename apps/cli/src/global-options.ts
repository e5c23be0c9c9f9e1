import { type Command, Option } from 'commander';
import type { GlobalOptions } from './connection.js';
import { outputFormats } from './output.js';

const globalKeys = ['server', 'account', 'context', 'output', 'token'] as const;

function globalOptions(): Option[] {
  return [
    new Option('--server <url>', "the server's URL (default: from the context)"),
    new Option('--account <name>', "the account to act in (default: the context's)"),
    new Option('--context <name>', 'the context of the config file to use (default: the current)'),
    new Option('-o, --output <format>', 'output format').choices(outputFormats),
    new Option('--token <token>', "a token to use instead of the context's (see BERTH_TOKEN)"),
  ];
}

/**
 * Gives the program the global options, and every command below it hidden copies of
 * them, so they may come before or after the command's name (`berth -o json apps list`,
 * `berth apps list -o json`). The program parses its own options only before the
 * command (`enablePositionalOptions`): that frees `--version` for `berth deploy`, while
 * `berth --version` still prints the CLI's. Call it once every command is registered.
 */
export function shareGlobalOptions(program: Command): void {
  program.enablePositionalOptions();
  const visit = (command: Command) => {
    for (const sub of command.commands) {
      for (const option of globalOptions()) sub.addOption(option.hideHelp());
      visit(sub);
    }
  };
  visit(program);
}

/** Adds the visible global options to the program, `-o` defaulting to `table`. */
export function addGlobalOptions(program: Command): Command {
  for (const option of globalOptions()) {
    program.addOption(option.long === '--output' ? option.default('table') : option);
  }
  return program;
}

/**
 * The global options in effect for `command`: the nearest command that was given one
 * wins (a value after the subcommand's name over one before it), else the program's
 * default.
 */
export function globalsOf(command: Command): GlobalOptions {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  const globals: Record<string, unknown> = {};
  for (const c of chain) {
    const opts = c.opts();
    for (const key of globalKeys) if (opts[key] !== undefined) globals[key] = opts[key];
  }
  return globals as unknown as GlobalOptions;
}
