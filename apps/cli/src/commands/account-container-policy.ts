import type { ContainerPolicy } from '@berth/spec';
import type { Command } from 'commander';
import { type CliDeps, type CommandContext, createCommandContext } from '../command-context.js';

interface SetFlags {
  privileged?: boolean;
  hostPid?: boolean;
  capability?: string[];
  device?: string[];
  hostPath?: string[];
}

const setHelp = `
Examples:
  berth accounts container-policy set acme --device /dev/ttyUSB0 --capability NET_ADMIN
  berth accounts container-policy set acme --host-path /srv/scanner --device /dev/serial/by-id
  berth accounts container-policy set acme            # back to nothing allowed

"set" replaces the whole policy. A device or host path allows itself and what lies
below it, segment by segment: /dev/serial allows /dev/serial/by-id/x, not /dev/serial1.
Capabilities may be spelled SYS_ADMIN, CAP_SYS_ADMIN or cap_sys_admin; ALL allows any.
Instances already running keep what they have; their next deploy, upgrade, rollback,
start or scale is checked against the new policy.`;

/** `berth accounts container-policy [show] ACCOUNT | set` (R15; platform administrators). */
export function registerContainerPolicy(accounts: Command, deps: CliDeps): void {
  const group = accounts
    .command('container-policy')
    .summary("what an account's containers may do beyond the defaults (platform admins)")
    .description(
      'Privileged mode, host PID, added capabilities, host devices and host-path mounts are refused for every account until a platform administrator allows them here.',
    );

  group
    .command('show', { isDefault: true })
    .argument('<account>', 'the account')
    .description('Show the policy')
    .action((account: string, _o: unknown, command: Command) =>
      show(createCommandContext(command, deps), account),
    );

  group
    .command('set')
    .argument('<account>', 'the account')
    .description('Replace the policy')
    .option('--privileged', 'allow privileged containers')
    .option('--host-pid', "allow sharing the host's process namespace")
    .option('--capability <name>', 'allow adding this capability (repeatable)', collect)
    .option('--device <path>', 'allow this host device, or those below it (repeatable)', collect)
    .option(
      '--host-path <path>',
      'allow mounting this host path, or below it (repeatable)',
      collect,
    )
    .addHelpText('after', setHelp)
    .action((account: string, flags: SetFlags, command: Command) =>
      set(createCommandContext(command, deps), account, flags),
    );
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function describe(policy: ContainerPolicy): string {
  const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'none');
  return [
    `privileged    ${policy.privileged ? 'allowed' : 'refused'}`,
    `host PID      ${policy.hostPID ? 'allowed' : 'refused'}`,
    `capabilities  ${list(policy.capabilities)}`,
    `devices       ${list(policy.devices)}`,
    `host paths    ${list(policy.hostPaths)}`,
    '',
  ].join('\n');
}

async function show(ctx: CommandContext, account: string): Promise<void> {
  const { client } = await ctx.connect();
  const policy = await client.accounts.containerPolicy(account);
  ctx.out.result(policy, () => describe(policy));
}

async function set(ctx: CommandContext, account: string, flags: SetFlags): Promise<void> {
  const { client } = await ctx.connect();
  const policy = await client.accounts.setContainerPolicy(account, {
    privileged: flags.privileged ?? false,
    hostPID: flags.hostPid ?? false,
    capabilities: flags.capability ?? [],
    devices: flags.device ?? [],
    hostPaths: flags.hostPath ?? [],
  });
  ctx.out.note(`Container policy of ${account} replaced.`);
  ctx.out.result(policy, () => describe(policy));
}
