import { type Command, Option } from 'commander';
import type { AppFile } from '../app-file/app-file-schema.js';
import { applyAppFile, RefusedRequestError } from '../app-file/apply-app-file.js';
import { appFileHeader, type LoadedFile, loadAppFile } from '../app-file/load-app-file.js';
import { locateRefusal } from '../app-file/locate-refusal.js';
import { readInputFile } from '../app-file/read-input-file.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { InvalidFileError } from '../invalid-file-error.js';
import { formatApply } from '../views/format-apply.js';

interface ApplyFlags {
  file: string;
  patchOf?: string;
  upgradeOf?: string;
}

const examples = `
Examples:
  berth apply -f examples/three-tier/app.yaml
  berth apply -f app.yaml --patch-of 1.0.0      # a new version that may only change image tags
  berth apply -f app.json --account acme -o json

The file (YAML or JSON):
${appFileHeader.replace(/^/gm, '  ')}

What it does: creates the app from metadata when it does not exist; creates the version
when it does not exist (initial for a new app, else an upgrade of the newest version, or
--patch-of / --upgrade-of); then replaces the draft's spec (If-Match on its ETag). A
published version never changes: bump "version:" in the file. Errors are printed as
FILE:LINE:COLUMN  path  message (exit code 7). Check a file offline first with
"berth spec validate -f FILE".`;

/** `berth apply -f FILE`: makes the server hold the app version the file describes. */
export function registerApply(program: Command, deps: CliDeps): void {
  program
    .command('apply')
    .summary('create or update an app version from a file')
    .description('Create the app and the draft version a file describes, or update the draft')
    .requiredOption('-f, --file <file>', 'the app file, YAML or JSON ("-" for standard input)')
    .addOption(
      new Option('--patch-of <version>', 'create the version as a patch of this one').conflicts(
        'upgradeOf',
      ),
    )
    .option('--upgrade-of <version>', 'create the version as an upgrade of this one')
    .addHelpText('after', examples)
    .action((options: ApplyFlags, command: Command) =>
      apply(createCommandContext(command, deps), options),
    );
}

async function apply(ctx: CommandContext, flags: ApplyFlags): Promise<void> {
  const { name, text } = await readInputFile(flags.file, ctx.deps.readStdin);
  const file = loadAppFile(name, text);
  const app = usableAppFile(file);
  const { client } = await ctx.connect();
  try {
    const result = await applyAppFile(client, app, {
      patchOf: flags.patchOf,
      upgradeOf: flags.upgradeOf,
      fileName: name,
    });
    for (const note of result.notes) ctx.out.note(note);
    ctx.out.result({ actions: result.actions, app: result.app, version: result.version }, () =>
      formatApply(result),
    );
  } catch (error) {
    if (error instanceof RefusedRequestError) throw locateRefusal(file, error);
    throw error;
  }
}

/** The envelope of a file `apply` can use. @throws InvalidFileError (7) otherwise. */
function usableAppFile(file: LoadedFile): AppFile {
  if (file.errors.length > 0) {
    const count = file.errors.length;
    throw new InvalidFileError(
      `${file.name} is not a valid app file: ${count} error${count === 1 ? '' : 's'}`,
      file.name,
      file.errors,
    );
  }
  if (!file.app) {
    const where = file.source.locate([]);
    const message = `is a bare app spec: apply needs an app file with apiVersion, kind, metadata and version (see berth apply --help)`;
    throw new InvalidFileError(`${file.name} is not an app file`, file.name, [
      { path: '', message, ...where },
    ]);
  }
  return file.app;
}
