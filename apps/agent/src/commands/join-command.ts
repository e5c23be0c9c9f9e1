import { UsageError } from '../agent-errors.js';
import type { AgentCliDeps, JoinFlags } from '../cli.js';
import { exitCodes } from '../exit-codes.js';
import { collectFacts } from '../facts/collect-facts.js';
import { engineSockets } from '../facts/engine-sockets.js';
import { joinNode } from '../join/join-node.js';
import { parseServerUrl } from '../server-url.js';
import { StateStore } from '../state/state-store.js';
import { parseFingerprint } from '../tls/fingerprint.js';

/**
 * `berth-agent join`: checks the flags, collects the facts and joins (see `joinNode`).
 * Prints the node on stdout; throws the join's errors for `runCli` to map.
 */
export async function runJoin(flags: JoinFlags, deps: AgentCliDeps): Promise<number> {
  const server = asUsage(() => parseServerUrl(flags.server));
  const fingerprint = flags.fingerprint
    ? asUsage(() => parseFingerprint(flags.fingerprint!))
    : undefined;
  if (fingerprint && !server.startsWith('https://')) {
    throw new UsageError('--fingerprint pins a TLS certificate: the server URL must be https://');
  }
  const token = flags.token ?? deps.env.joinToken;
  if (!token) throw new UsageError('a join token is required: --token or BERTH_JOIN_TOKEN');
  const store = await StateStore.open(flags.stateDir, {
    create: true,
    onProblem: (file, problem) => deps.stderr(`warning: ${file}: ${problem}\n`),
  });
  const facts = await collectFacts({
    stateDir: flags.stateDir,
    agentVersion: deps.version,
    engine: 'auto',
    engineSockets: engineSockets({ explicit: flags.engineSocket, ...deps.env }),
  });
  const credential = await joinNode(store, {
    server,
    token,
    node: flags.node,
    fingerprint,
    facts,
    userAgent: `berth-agent/${deps.version}`,
  });
  deps.stdout(
    `joined: node ${credential.node} (${credential.nodeId}) of ${credential.account}/${credential.cluster}\n`,
  );
  deps.stderr(`start the agent with: berth-agent run --state-dir ${flags.stateDir}\n`);
  return exitCodes.ok;
}

function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
