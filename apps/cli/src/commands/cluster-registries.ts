import type { Registries, RegistriesBody } from '@berth/client';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { readInputFile } from '../app-file/read-input-file.js';
import { CliError } from '../cli-error.js';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';

interface SetFlags {
  mirror?: string[];
  authFile?: string;
}

const setHelp = `
Examples:
  berth clusters registries set north --mirror docker.io=mirror.site.local:5000
  berth clusters registries set north --mirror docker.io=mirror.local/hub \\
      --mirror registry.example.com=mirror.local/vendor --auth-file auths.yaml

auths.yaml maps a registry host to its credentials (- reads it from standard input):
  mirror.site.local:5000: { username: puller, password: "…" }

"set" replaces all mirrors and credentials: give every one you want to keep. Passwords
are stored encrypted and never shown again; the cluster's agents get the settings with
their next desired state, and pull images of a mirrored registry from its mirror.`;

/** `berth clusters registries [show] CLUSTER | set | clear`. */
export function registerClusterRegistries(clusters: Command, deps: CliDeps): void {
  const group = clusters
    .command('registries')
    .summary("set where the cluster's hosts pull images from: mirrors and credentials")
    .description(
      "Registry mirrors and credentials of the cluster's hosts: an air-gapped site pulls docker.io images from its own registry.",
    );

  group
    .command('show', { isDefault: true })
    .argument('<cluster>', 'the cluster')
    .description('Show the mirrors and the usernames of the credentials (never the passwords)')
    .action((cluster: string, _o: unknown, command: Command) =>
      show(createCommandContext(command, deps), cluster),
    );

  group
    .command('set')
    .argument('<cluster>', 'the cluster')
    .description('Replace the mirrors and the credentials')
    .option(
      '--mirror <registry=mirror>',
      'pull images of registry from mirror (repeatable)',
      collect,
    )
    .option('--auth-file <file>', 'credentials by registry host, YAML or JSON (- is stdin)')
    .addHelpText('after', setHelp)
    .action((cluster: string, flags: SetFlags, command: Command) =>
      set(createCommandContext(command, deps), cluster, flags),
    );

  group
    .command('clear')
    .argument('<cluster>', 'the cluster')
    .description('Remove every mirror and credential: hosts pull from the registries themselves')
    .action((cluster: string, _o: unknown, command: Command) =>
      apply(createCommandContext(command, deps), cluster, { mirrors: {}, auths: {} }),
    );
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function describe(registries: Registries): string {
  const mirrors = Object.entries(registries.mirrors);
  const auths = Object.entries(registries.auths);
  if (mirrors.length === 0 && auths.length === 0)
    return 'No mirrors or credentials: hosts pull from the registries themselves.\n';
  const lines = [
    ...mirrors.map(([registry, mirror]) => `mirror  ${registry} -> ${mirror}`),
    ...auths.map(([host, auth]) => `login   ${host} as ${auth.username}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function show(ctx: CommandContext, cluster: string): Promise<void> {
  const { client } = await ctx.connect();
  const registries = await client.clusters.registries(cluster);
  ctx.out.result(registries, () => describe(registries));
}

async function set(ctx: CommandContext, cluster: string, flags: SetFlags): Promise<void> {
  const mirrors: Record<string, string> = {};
  for (const flag of flags.mirror ?? []) {
    const at = flag.indexOf('=');
    if (at <= 0 || at === flag.length - 1)
      throw new CliError(
        `--mirror ${flag}: expected registry=mirror, e.g. docker.io=mirror.site.local:5000`,
        exitCodes.usage,
        'bad_mirror',
      );
    mirrors[flag.slice(0, at)] = flag.slice(at + 1);
  }
  const auths = flags.authFile ? await readAuths(ctx, flags.authFile) : {};
  await apply(ctx, cluster, { mirrors, auths });
}

async function apply(ctx: CommandContext, cluster: string, body: RegistriesBody): Promise<void> {
  const { client } = await ctx.connect();
  const registries = await client.clusters.setRegistries(cluster, body);
  ctx.out.note(`Registry settings of ${cluster} replaced; its agents get them next.`);
  ctx.out.result(registries, () => describe(registries));
}

async function readAuths(
  ctx: CommandContext,
  file: string,
): Promise<NonNullable<RegistriesBody['auths']>> {
  const { name, text } = await readInputFile(file, ctx.deps.readStdin);
  const doc = parseDocument(text);
  const data: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  const valid =
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    Object.values(data).every(
      (a) =>
        typeof a === 'object' &&
        a !== null &&
        typeof (a as { username?: unknown }).username === 'string' &&
        typeof (a as { password?: unknown }).password === 'string',
    );
  if (!valid)
    throw new CliError(
      `${name}: expected a map of registry host to { username, password }`,
      exitCodes.invalidInput,
      'invalid_auth_file',
    );
  return data as NonNullable<RegistriesBody['auths']>;
}
