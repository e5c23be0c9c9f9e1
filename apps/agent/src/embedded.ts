import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningAgent, startAgent } from './agent.js';
import { JoinRefusedError, ServerUnreachableError } from './agent-errors.js';
import { type AgentLogger, createAgentLogger } from './agent-logger.js';
import type { AgentSnapshot } from './agent-snapshot.js';
import { readAgentVersion } from './agent-version.js';
import { createDrivers } from './engines.js';
import { collectFacts } from './facts/collect-facts.js';
import { engineSockets } from './facts/engine-sockets.js';
import { joinNode } from './join/join-node.js';
import { parseServerUrl } from './server-url.js';
import { Backoff } from './session/backoff.js';
import { StateStore } from './state/state-store.js';
import { parseFingerprint } from './tls/fingerprint.js';

export interface EmbeddedAgentOptions {
  /** The control plane's URL as the agent reaches it, e.g. http://127.0.0.1:7700. */
  server: string;
  stateDir: string;
  /** Used once, when the state directory holds no credential yet. */
  joinToken?: string;
  /** The node name the token was issued for. */
  node: string;
  /** The host's logger (pino or Fastify's); a child is used. Default: JSON lines to stderr. */
  logger?: AgentLogger;
  /** `sha256:…` of the server's certificate, for an https server with a self-signed one. */
  fingerprint?: string;
  /** Probe for a container engine (default) or report none. */
  engine?: 'auto' | 'none';
  /** The engine's unix socket; default: probe the usual places. */
  engineSocket?: string;
}

/** How an embedded agent ended. */
export type EmbeddedOutcome =
  | { kind: 'stopped' }
  | { kind: 'revoked'; reason: string }
  | { kind: 'failed'; error: Error };

/** A handle on an agent running inside another process. */
export interface EmbeddedAgent {
  /** Stops joining or running; resolves when the agent has closed its session and files. */
  stop(): Promise<void>;
  /** Resolves when the agent ends by itself (revoked, join refused) or after `stop()`. */
  readonly done: Promise<EmbeddedOutcome>;
  /** The running agent's state; undefined while it is still joining. */
  snapshot(): AgentSnapshot | undefined;
}

/**
 * Runs the same agent inside another Node process — `npm start` runs the local host's
 * agent in the control plane's process this way. Returns at once; in the background it
 * joins (when the state directory has no credential and a token is given; retrying while
 * the server is not listening yet) and then runs exactly as `berth-agent run` does.
 * Nothing here reads the environment or installs signal handlers: the host owns those.
 * Never throws; failures are logged and end `done` with `failed`.
 */
export function startEmbeddedAgent(options: EmbeddedAgentOptions): EmbeddedAgent {
  const ownLogger = options.logger === undefined;
  const logger = (options.logger ?? createAgentLogger()).child({ component: 'embedded-agent' });
  const abort = new AbortController();
  let agent: RunningAgent | undefined;
  const done = (async (): Promise<EmbeddedOutcome> => {
    try {
      const version = readAgentVersion();
      const sockets = engineSockets({ explicit: options.engineSocket });
      const facts = () =>
        collectFacts({
          stateDir: options.stateDir,
          agentVersion: version,
          engine: options.engine ?? 'auto',
          engineSockets: sockets,
        });
      await joinIfNeeded(options, facts, version, logger, abort.signal);
      if (abort.signal.aborted) return { kind: 'stopped' };
      agent = await startAgent({
        stateDir: options.stateDir,
        logger,
        drivers: createDrivers({
          stateDir: options.stateDir,
          engine: options.engine ?? 'auto',
          engineSockets: sockets,
        }),
        collectFacts: facts,
        agentVersion: version,
        followLogLevel: ownLogger,
      });
      if (abort.signal.aborted) await agent.stop();
      return await agent.done;
    } catch (error) {
      if (abort.signal.aborted) return { kind: 'stopped' };
      logger.error({ err: (error as Error).message }, 'the embedded agent stopped');
      return { kind: 'failed', error: error as Error };
    }
  })();
  return {
    done,
    snapshot: () => agent?.snapshot(),
    async stop() {
      abort.abort();
      await agent?.stop();
      await done;
    },
  };
}

async function joinIfNeeded(
  options: EmbeddedAgentOptions,
  facts: () => ReturnType<typeof collectFacts>,
  version: string,
  logger: AgentLogger,
  signal: AbortSignal,
): Promise<void> {
  const store = await StateStore.open(options.stateDir);
  if (await store.loadCredential()) return;
  if (!options.joinToken) {
    throw new Error(`${options.stateDir} holds no credential and no join token was given`);
  }
  const server = parseServerUrl(options.server);
  const fingerprint = options.fingerprint ? parseFingerprint(options.fingerprint) : undefined;
  const backoff = new Backoff({ baseMs: 250, capMs: 10_000 });
  for (;;) {
    try {
      const credential = await joinNode(store, {
        server,
        token: options.joinToken,
        node: options.node,
        fingerprint,
        facts: await facts(),
        userAgent: `berth-agent/${version}`,
      });
      logger.info({ nodeId: credential.nodeId, node: credential.node }, 'joined');
      return;
    } catch (error) {
      if (!(error instanceof ServerUnreachableError)) {
        const code = error instanceof JoinRefusedError ? error.code : undefined;
        logger.error({ code, err: (error as Error).message }, 'join failed');
        throw error;
      }
      const delay = backoff.next();
      logger.info({ err: error.message, retryInMs: delay }, 'cannot join yet; retrying');
      await sleep(delay, undefined, { signal, ref: false });
    }
  }
}
