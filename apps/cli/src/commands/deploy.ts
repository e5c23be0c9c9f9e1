import { type Command, Option } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';
import { parseDuration } from '../duration.js';
import { collectParams, type ParamFlags } from '../parse-params.js';
import { parseReplicas } from '../parse-replicas.js';
import { addWaitOptions, finishAction, type WaitFlags, waitHelp } from '../wait/wait-flags.js';

interface DeployFlags extends ParamFlags, WaitFlags {
  app: string;
  version: string;
  cluster: string;
  node?: string;
  replicas?: Record<string, number>;
  deadline?: number;
}

const examples = `
Examples:
  berth deploy shop-north --app shop --version 1.4.0 --cluster north --wait
  berth deploy shop-north --app shop --version 1.4.0 --cluster north \\
      --node gate-01 --param site=north --param port=8080 --replicas web=2

  # secrets stay out of the process list: from a file, or from stdin
  berth deploy shop-north --app shop --version 1.4.0 --cluster north --param-file secrets.yaml
  pass show shop/api-key | berth deploy shop-north --app shop --version 1.4.0 \\
      --cluster north --param-stdin apiKey

Parameter values: --param key=value splits at the first "="; "true" and "false" become
booleans, a number (8080, -1.5, 2e3) becomes a number, anything else is a string. Quote
the value to keep it a string: --param 'zip="01234"'. A --param-file is a YAML or JSON
map (site: north), whose values keep their YAML types; --param-stdin NAME reads the
value of NAME, always a string, from standard input (without its final newline). When
a parameter comes from several places, --param wins over --param-stdin, and that over
the files (later files over earlier ones). Values on the command line can be seen by
other users of the host (ps): pass secrets with --param-file or --param-stdin.
${waitHelp}`;

/** `berth deploy NAME …`: runs a published app version on a cluster. */
export function registerDeploy(program: Command, deps: CliDeps): void {
  const command = program
    .command('deploy')
    .argument('<name>', 'the instance: a DNS label, unique in the account')
    .summary('deploy a published app version to a cluster')
    .description(
      'Deploy a published version of an app to a cluster as a new instance (202: it runs on)',
    )
    .requiredOption('--app <app>', 'the app')
    .requiredOption('--version <version>', 'a published version of the app')
    .requiredOption('--cluster <cluster>', 'the cluster')
    .option('--node <host>', 'the host (a node of the cluster); by free resources when left out')
    .option('--param <key=value>', 'a parameter value (repeatable)', collect)
    .option(
      '--param-file <file>',
      'parameter values from a YAML/JSON map (repeatable; - is stdin)',
      collect,
    )
    .option('--param-stdin <name>', 'the value of parameter <name> is standard input')
    .option('--replicas <node=n>', "replicas of one of the app's nodes (repeatable)", parseReplicas)
    .addOption(
      new Option(
        '--deadline <duration>',
        'how long the server gives the deployment to become healthy (default: 5m)',
      ).argParser(parseDuration),
    );
  addWaitOptions(command, 'running')
    .addHelpText('after', examples)
    .action((name: string, flags: DeployFlags, cmd: Command) =>
      deploy(createCommandContext(cmd, deps), name, flags),
    );
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function deploy(ctx: CommandContext, name: string, flags: DeployFlags): Promise<void> {
  const params = await collectParams(flags, ctx.deps.readStdin);
  const { client } = await ctx.connect();
  const started = await client.instances.deploy({
    name,
    app: flags.app,
    version: flags.version,
    cluster: flags.cluster,
    node: flags.node,
    params,
    replicas: flags.replicas,
    deadlineSeconds: flags.deadline === undefined ? undefined : Math.ceil(flags.deadline / 1000),
  });
  await finishAction(
    ctx,
    client,
    started,
    { phase: 'running' },
    flags,
    `Deploying ${started.app} ${started.version} as instance "${started.name}" on ${started.cluster}/${started.node}.`,
  );
}
