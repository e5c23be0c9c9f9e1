import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentLogger } from './agent-logger.js';
import { startEmbeddedAgent } from './embedded.js';
import { FakeControlPlane } from './testing/fake-control-plane.js';
import { freeLocalPort } from './testing/free-local-port.js';
import { eventually, noopWorkload } from './testing/test-agent.js';

const quiet = createAgentLogger('error', { write: () => true });
let dir: string;
let fake: FakeControlPlane | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe(startEmbeddedAgent, () => {
  it('joins with the token once, then runs like berth-agent run', async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-embedded-'));
    fake = await FakeControlPlane.start();
    fake.setDesired({ workloads: [noopWorkload('local')] });
    const token = fake.addToken('local');
    const agent = startEmbeddedAgent({
      server: fake.url,
      stateDir: dir,
      joinToken: token,
      node: 'local',
      logger: quiet,
      engine: 'none',
    });
    await fake.waitFor(() => fake!.acks().includes(1), 10_000, 'ack');
    expect(agent.snapshot()).toMatchObject({ connected: true, appliedGeneration: 1 });
    await agent.stop();
    await expect(agent.done).resolves.toEqual({ kind: 'stopped' });

    // a second start finds the credential and does not spend a token
    const again = startEmbeddedAgent({
      server: fake.url,
      stateDir: dir,
      node: 'local',
      logger: quiet,
      engine: 'none',
    });
    await fake.waitFor(() => fake!.sessions.filter((s) => s.nodeId).length === 2);
    await again.stop();
  });

  it('waits for a server that is not listening yet', async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-embedded-'));
    const port = await freeLocalPort();
    const agent = startEmbeddedAgent({
      server: `http://127.0.0.1:${port}`,
      stateDir: dir,
      joinToken: 'bjn_later',
      node: 'local',
      logger: quiet,
      engine: 'none',
    });
    await new Promise((r) => setTimeout(r, 300));
    fake = await FakeControlPlane.start({ port });
    fake.addToken('local', 'bjn_later');
    await eventually(() => agent.snapshot()?.connected, 15_000, 'connected');
    await agent.stop();
  });

  it('ends with failed when the token is refused', async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-embedded-'));
    fake = await FakeControlPlane.start();
    const agent = startEmbeddedAgent({
      server: fake.url,
      stateDir: dir,
      joinToken: 'bjn_wrong',
      node: 'local',
      logger: quiet,
      engine: 'none',
    });
    const outcome = await agent.done;
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'join_token_invalid' } });
    await agent.stop();
  });
});
