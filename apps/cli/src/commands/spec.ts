import type { Command } from 'commander';
import { loadAppFile } from '../app-file/load-app-file.js';
import { readInputFile } from '../app-file/read-input-file.js';
import { validateLoadedFile } from '../app-file/validate-loaded-file.js';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { formatValidation } from '../views/format-validation.js';

const validateExamples = `
Examples:
  berth spec validate -f app.yaml
  berth spec validate -f app.json -o json | jq '.errors[]'
  cat app.yaml | berth spec validate -f -

Works offline: no server and no sign-in. The file is an app file (apiVersion: berth/v1,
kind: App, metadata, version, spec) or a bare app spec (parameters, nodes, …). With
metadata, the rules of its distribution apply too. Each error is printed as
FILE:LINE:COLUMN  path  message (exit code 7); a valid file prints its deploy order.`;

/** `berth spec validate`: checks an app file or a bare spec offline. */
export function registerSpec(program: Command, deps: CliDeps): void {
  const group = program
    .command('spec')
    .summary('check app specs offline')
    .description('The app spec: the nodes, parameters and declarations of an app version.');

  group
    .command('validate')
    .description('Validate an app file or a bare app spec, offline, and show its deploy order')
    .requiredOption('-f, --file <file>', 'the YAML or JSON file ("-" for standard input)')
    .addHelpText('after', validateExamples)
    .action((options: { file: string }, command: Command) =>
      validate(createCommandContext(command, deps), options.file),
    );
}

async function validate(ctx: CommandContext, path: string): Promise<void> {
  const { name, text } = await readInputFile(path, ctx.deps.readStdin);
  const result = validateLoadedFile(loadAppFile(name, text));
  ctx.out.result(
    {
      ok: result.ok,
      errors: result.errors.map(({ path, message, line, column }) => ({
        path,
        message,
        line,
        column,
      })),
      ...(result.plan ? { plan: result.plan } : {}),
    },
    () => formatValidation(name, result),
  );
  if (!result.ok) {
    const count = result.errors.length;
    throw new CliError(
      `${name} is not valid: ${count} error${count === 1 ? '' : 's'}`,
      exitCodes.invalidInput,
      'invalid_file',
    );
  }
}
