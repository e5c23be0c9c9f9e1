import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '@berth/spec';
import { type AgentOptions, type RunningAgent, startAgent } from '../agent.js';
import { createAgentLogger } from '../agent-logger.js';
import { joinNode } from '../join/join-node.js';
import { NoopDriver } from '../reconcile/noop-driver.js';
import { StateStore } from '../state/state-store.js';
import type { FakeControlPlane } from './fake-control-plane.js';
import { testFacts } from './test-facts.js';

/** An in-process agent on a temp state directory, with fast timings for tests. */
export interface TestAgent {
  agent: RunningAgent;
  driver: NoopDriver;
  stateDir: string;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown>>;
  nodeId: string;
}

/** A fresh temp state directory joined to `fake` as `node`. */
export async function joinedStateDir(fake: FakeControlPlane, node = 'gate-01'): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-agent-'));
  const store = await StateStore.open(stateDir);
  await joinNode(store, { server: fake.url, token: fake.addToken(node), node, facts: testFacts });
  return stateDir;
}

/**
 * Starts an agent on `stateDir` (joined to `fake` when not given) with a noop driver,
 * 20–200 ms reconnect backoff and a 300 ms slow retry, logging into `logs`.
 */
export async function startTestAgent(
  fake: FakeControlPlane,
  options: { stateDir?: string } & Partial<AgentOptions> = {},
): Promise<TestAgent> {
  const stateDir = options.stateDir ?? (await joinedStateDir(fake));
  const logs: Array<Record<string, unknown>> = [];
  const logger = createAgentLogger('debug', {
    write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  const driver = new NoopDriver();
  const agent = await startAgent({
    stateDir,
    logger,
    drivers: [driver],
    collectFacts: async () => testFacts,
    agentVersion: '0.0.0-test',
    backoff: { baseMs: 20, capMs: 200 },
    slowRetryMs: () => 300,
    handshakeTimeoutMs: 2000,
    reconcileIntervalMs: 200,
    ...options,
  });
  return { agent, driver, stateDir, logs, nodeId: agent.snapshot().nodeId };
}

/** Stops the agent and removes its state directory. */
export async function disposeTestAgent(test: TestAgent | undefined): Promise<void> {
  if (!test) return;
  await test.agent.stop();
  rmSync(test.stateDir, { recursive: true, force: true });
}

/** A noop workload. */
export function noopWorkload(id: string, revision = 'r1', spec: unknown = {}): Workload {
  return { id, kind: 'noop', revision, spec };
}

/** Polls `check` every 20 ms until it holds. */
export async function eventually<T>(
  check: () => T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
