import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { joinNode } from '../join/join-node.js';
import { StateStore } from '../state/state-store.js';
import { FakeControlPlane } from '../testing/fake-control-plane.js';
import { createSelfSignedCert, hasOpenssl } from '../testing/self-signed-cert.js';
import {
  disposeTestAgent,
  eventually,
  noopWorkload,
  startTestAgent,
  type TestAgent,
} from '../testing/test-agent.js';
import { testFacts } from '../testing/test-facts.js';

let fake: FakeControlPlane;
let test: TestAgent | undefined;
afterEach(async () => {
  await disposeTestAgent(test);
  test = undefined;
  await fake?.stop();
});

/** A state directory joined over TLS with the certificate pinned. */
async function pinnedStateDir(fingerprint: string): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-pinned-'));
  const store = await StateStore.open(stateDir);
  await joinNode(store, {
    server: fake.url,
    token: fake.addToken('gate-01'),
    node: 'gate-01',
    facts: testFacts,
    fingerprint,
  });
  return stateDir;
}

describe.skipIf(!hasOpenssl())('the session over wss with a pinned certificate (R3)', () => {
  it('connects to the self-signed server it joined', async () => {
    const cert = createSelfSignedCert();
    fake = await FakeControlPlane.start({ tls: cert });
    fake.setDesired({ workloads: [noopWorkload('web')] });
    test = await startTestAgent(fake, { stateDir: await pinnedStateDir(cert.fingerprint) });
    await fake.waitFor(() => fake.acks().includes(1), 5000, 'ack over wss');
  });

  it('sends nothing, not even the upgrade request, to a server with another certificate', async () => {
    const cert = createSelfSignedCert();
    fake = await FakeControlPlane.start({ tls: cert });
    const stateDir = await pinnedStateDir(cert.fingerprint);
    const credentialPath = join(stateDir, 'credential.json');
    const credential = JSON.parse(readFileSync(credentialPath, 'utf8'));
    writeFileSync(
      credentialPath,
      JSON.stringify({ ...credential, fingerprint: createSelfSignedCert().fingerprint }),
    );
    const requestsBefore = fake.httpRequests;
    test = await startTestAgent(fake, { stateDir });
    await eventually(
      () => test!.logs.some((l) => l.msg === 'the server refused this node; retrying slowly'),
      5000,
    );
    expect(fake.httpRequests).toBe(requestsBefore);
    expect(fake.sessions).toEqual([]);
    expect(test.logs.some((l) => String(l.error).includes('does not match the pinned'))).toBe(true);
  });
});
