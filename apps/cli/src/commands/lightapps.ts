import { readFile } from 'node:fs/promises';
import { collectPages } from '@berth/client';
import { architectures, type LightAppConfig, lightAppLanguages } from '@berth/spec';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { confirm } from '../confirm.js';
import { exitCodes } from '../exit-codes.js';

const note = `
Light apps belong to the account: --account NAME, else the context's account.`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function whole(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function envPairs(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new CliError(`--env ${pair}: write NAME=VALUE`, exitCodes.usage, 'bad_env');
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

interface UploadFlags {
  entry: string;
  memoryMi: number;
  cpuMillis: number;
  arg?: string[];
  env?: string[];
  schedule?: string;
  from?: string;
  kind?: 'upgrade' | 'patch';
}

/** `berth lightapps create|versions|upload|publish|deploy|status|logs|delete`. */
export function registerLightApps(program: Command, deps: CliDeps): void {
  const group = program
    .command('lightapps')
    .summary('light apps: Python, Node.js and C programs run on edge hosts without containers')
    .description(
      `Light apps: a program package, its start parameters and limits, deployed to hosts.${note}`,
    );
  const run =
    <A extends unknown[]>(fn: (ctx: CommandContext, ...args: A) => Promise<void>) =>
    (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      return fn(createCommandContext(command, deps), ...(args.slice(0, -1) as A));
    };

  group
    .command('create')
    .argument('<name>', '4–32 letters, digits and underscores')
    .addOption(
      new Option('--language <language>', 'what it is written in')
        .choices(lightAppLanguages)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--arch <arch>', 'the CPU a C program is built for').choices(architectures),
    )
    .description('Create a light app')
    .addHelpText(
      'after',
      `\nExamples:\n  berth lightapps create thermo --language python\n  berth lightapps create blink --language c --arch aarch64\n${note}`,
    )
    .action(
      run(
        async (
          ctx,
          name: string,
          flags: {
            language: (typeof lightAppLanguages)[number];
            arch?: (typeof architectures)[number];
          },
        ) => {
          const { client } = await ctx.connect();
          const app = await client.lightApps.create({
            name,
            language: flags.language,
            ...(flags.arch ? { arch: flags.arch } : {}),
          });
          ctx.out.note(`Created light app "${app.name}".`);
          ctx.out.result(
            app,
            () => `${app.name}\t${app.language}${app.arch ? `\t${app.arch}` : ''}\n`,
          );
        },
      ),
    );

  group
    .command('versions')
    .argument('<name>', 'the light app')
    .description('List the versions of a light app, newest first')
    .action(
      run(async (ctx, name: string) => {
        const { client } = await ctx.connect();
        const page = await collectPages((p) => client.lightApps.versions(name, p), {});
        ctx.out.result(page, () =>
          page.items
            .map(
              (v) =>
                `${v.version}\t${v.state}\t${v.package ? v.package.sha256.slice(0, 12) : '-'}\t${v.config?.entry ?? '-'}\n`,
            )
            .join(''),
        );
      }),
    );

  group
    .command('upload')
    .argument('<name>', 'the light app')
    .argument('<version>', 'the draft (made when missing: initial, or --from for an upgrade)')
    .argument('<file>', 'the package: a .zip or .tar.gz')
    .requiredOption('--entry <path>', 'the file to run, inside the package')
    .requiredOption('--memory-mi <n>', 'memory limit in Mi', whole)
    .requiredOption('--cpu-millis <n>', 'CPU limit in millicores (1000 = one core)', whole)
    .option('--arg <value>', 'an argument (repeat; passed as is, never to a shell)', collect)
    .option('--env <NAME=VALUE>', 'an environment variable (repeat)', collect)
    .option('--schedule <cron>', 'run to completion at these times instead of always')
    .option('--from <version>', 'make the draft as an upgrade of this version')
    .addOption(
      new Option('--kind <kind>', 'with --from: upgrade (default) or patch').choices([
        'upgrade',
        'patch',
      ]),
    )
    .description('Upload a package to a draft and set how it starts')
    .addHelpText(
      'after',
      `\nExamples:\n  berth lightapps upload thermo 1.0.0 thermo.zip --entry main.py --memory-mi 64 --cpu-millis 200\n  berth lightapps upload thermo 1.1.0 thermo.zip --from 1.0.0 --entry main.py --memory-mi 64 --cpu-millis 200 --arg --every --arg 5\n${note}`,
    )
    .action(run(upload));

  group
    .command('publish')
    .argument('<name>', 'the light app')
    .argument('<version>', 'the draft')
    .description('Publish a draft: it never changes again')
    .action(
      run(async (ctx, name: string, version: string) => {
        const { client } = await ctx.connect();
        const published = await client.lightApps.publish(name, version);
        ctx.out.note(`Published ${version} of light app "${name}".`);
        ctx.out.result(published, () => '');
      }),
    );

  group
    .command('deploy')
    .argument('<name>', 'the light app')
    .argument('<version>', 'a published version')
    .requiredOption('--cluster <cluster>', 'the cluster of the hosts')
    .requiredOption('--host <node>', 'a host to run it on (repeat)', collect)
    .description('Deploy a published version to hosts; it replaces the version they ran')
    .addHelpText(
      'after',
      `\nExample:\n  berth lightapps deploy thermo 1.0.0 --cluster field --host gate-01 --host gate-02\n${note}`,
    )
    .action(
      run(
        async (ctx, name: string, version: string, flags: { cluster: string; host: string[] }) => {
          const { client } = await ctx.connect();
          const { id } = await client.lightApps.deploy(name, {
            version,
            cluster: flags.cluster,
            hosts: flags.host,
          });
          ctx.out.note(
            `Deploying ${version} of "${name}" (deployment ${id}); see: berth lightapps status ${name} ${id}`,
          );
          ctx.out.result({ id }, () => `${id}\n`);
        },
      ),
    );

  group
    .command('status')
    .argument('<name>', 'the light app')
    .argument('<deployment>', 'the id deploy printed')
    .description("A deployment's progress on each host")
    .action(
      run(async (ctx, name: string, id: string) => {
        const { client } = await ctx.connect();
        const d = await client.lightApps.deployment(name, id);
        ctx.out.result(d, () =>
          d.hosts
            .map(
              (h) =>
                `${h.node}\t${h.phase}${h.limitsEnforced === false ? '\t(limits not enforced)' : ''}${h.message ? `\t${h.message}` : ''}\n`,
            )
            .join(''),
        );
      }),
    );

  group
    .command('delete')
    .argument('<name>', 'the light app')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .description(
      'Delete a light app with its versions and deployments; its program stops on every host and its folder (data included) is removed',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  berth lightapps delete thermo\n  berth lightapps delete thermo --yes   # in scripts and CI\n${note}`,
    )
    .action(
      run(async (ctx, name: string, flags: { yes?: boolean }) => {
        const { client } = await ctx.connect();
        await confirm(ctx, `Delete light app "${name}" and stop it on every host?`, {
          yes: flags.yes === true,
          refusal: `Refusing to delete light app "${name}"`,
        });
        await client.lightApps.delete(name);
        ctx.out.note(`Deleted light app "${name}".`);
        ctx.out.result({ name, deleted: true }, () => '');
      }),
    );

  group
    .command('logs')
    .argument('<name>', 'the light app')
    .requiredOption('--host <node>', 'the host to read from')
    .option('--tail <n>', 'start with the last n lines (default 200)', whole)
    .option('-f, --follow', 'keep streaming new lines until Ctrl+C')
    .description("Print (or follow) the program's output on a host")
    .action(
      run(async (ctx, name: string, flags: { host: string; tail?: number; follow?: boolean }) => {
        const { client } = await ctx.connect();
        const abort = new AbortController();
        const unregister = ctx.deps.onInterrupt(() => abort.abort());
        try {
          const stream = client.lightApps.logs(name, {
            host: flags.host,
            follow: flags.follow === true,
            ...(flags.tail !== undefined ? { tail: flags.tail } : {}),
            signal: abort.signal,
          });
          for await (const text of stream) ctx.deps.stdout(text);
        } finally {
          unregister();
        }
      }),
    );
}

async function upload(
  ctx: CommandContext,
  name: string,
  version: string,
  file: string,
  flags: UploadFlags,
) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliError(`No such file: ${file}`, exitCodes.notFound, 'file_not_found');
  }
  const { client } = await ctx.connect();
  const existing = await client.lightApps
    .getVersion(name, version)
    .catch((error: { status?: number }) => {
      if (error.status === 404) return undefined;
      throw error;
    });
  if (!existing) {
    await client.lightApps.createVersion(
      name,
      flags.from
        ? { version, kind: flags.kind ?? 'upgrade', from: flags.from }
        : { version, kind: 'initial' },
    );
    ctx.out.note(`Created draft ${version} of light app "${name}".`);
  }
  const stored = await client.lightApps.upload(name, version, bytes);
  const run: LightAppConfig['run'] = flags.schedule
    ? { mode: 'scheduled', schedule: flags.schedule }
    : { mode: 'always' };
  const configured = await client.lightApps.configure(name, version, {
    entry: flags.entry,
    memoryMi: flags.memoryMi,
    cpuMillis: flags.cpuMillis,
    args: flags.arg ?? [],
    env: envPairs(flags.env ?? []),
    run,
  });
  ctx.out.note(
    `Uploaded ${stored.size} bytes (sha256 ${stored.sha256.slice(0, 12)}…) to ${version} of "${name}".`,
  );
  ctx.out.result(configured, () => '');
}
