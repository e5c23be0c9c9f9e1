import { startAgent } from '../agent.js';
import { createAgentLogger } from '../agent-logger.js';
import type { AgentCliDeps, RunFlags } from '../cli.js';
import { createDrivers } from '../engines.js';
import { exitCodes } from '../exit-codes.js';
import { collectFacts } from '../facts/collect-facts.js';
import { engineSockets } from '../facts/engine-sockets.js';

/**
 * `berth-agent run`: runs the agent until SIGTERM/SIGINT (exit 0) or until the platform
 * revokes the node (exit 5, with the reason on stderr). Logs JSON lines to stderr.
 */
export async function runRun(flags: RunFlags, deps: AgentCliDeps): Promise<number> {
  const logger = createAgentLogger(flags.logLevel, deps.logStream);
  const sockets = engineSockets({ explicit: flags.engineSocket, ...deps.env });
  const agent = await startAgent({
    stateDir: flags.stateDir,
    logger,
    drivers: createDrivers({
      stateDir: flags.stateDir,
      engine: flags.engine,
      engineSockets: sockets,
      ...(flags.storageDir ? { storageDir: flags.storageDir } : {}),
      ...(flags.appsDir ? { appsDir: flags.appsDir } : {}),
    }),
    collectFacts: () =>
      collectFacts({
        stateDir: flags.stateDir,
        agentVersion: deps.version,
        engine: flags.engine,
        engineSockets: sockets,
      }),
    agentVersion: deps.version,
    followLogLevel: true,
  });
  logger.info({ stateDir: flags.stateDir, version: deps.version }, 'berth-agent started');
  // Everything else is unref'd (so an embedding process can exit): this keeps `run` alive.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  try {
    const first = await Promise.race([
      agent.done,
      deps.stopRequested.then((signal) => ({ kind: 'signal' as const, signal })),
    ]);
    if (first.kind === 'signal') {
      logger.info({ signal: first.signal }, 'stopping');
      await agent.stop();
      return exitCodes.ok;
    }
    if (first.kind === 'revoked') {
      deps.stderr(
        `error: this node was revoked by the platform (${first.reason}); the agent stopped and will not reconnect. To bring the host back, join it again with a new token.\n`,
      );
      return exitCodes.revoked;
    }
    return exitCodes.ok;
  } finally {
    clearInterval(keepAlive);
  }
}
