import { createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AlreadyJoinedError,
  FingerprintMismatchError,
  JoinRefusedError,
  ServerUnreachableError,
} from '../agent-errors.js';
import { StateStore } from '../state/state-store.js';
import { FakeControlPlane } from '../testing/fake-control-plane.js';
import { freeLocalPort } from '../testing/free-local-port.js';
import { createSelfSignedCert, hasOpenssl } from '../testing/self-signed-cert.js';
import { testFacts } from '../testing/test-facts.js';
import { joinNode } from './join-node.js';

let dir: string;
let fake: FakeControlPlane | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-join-'));
});
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const join1 = async (
  server: string,
  token: string,
  extra: { node?: string; fingerprint?: string } = {},
) =>
  joinNode(await StateStore.open(dir), {
    server,
    token,
    node: extra.node ?? 'gate-01',
    facts: testFacts,
    fingerprint: extra.fingerprint,
  });

describe(joinNode, () => {
  it('stores a credential whose key the server knows, readable by the owner only', async () => {
    fake = await FakeControlPlane.start();
    const token = fake.addToken('gate-01');
    const credential = await join1(fake.url, token);
    expect(credential).toMatchObject({ node: 'gate-01', account: 'acme', server: fake.url });
    expect(statSync(join(dir, 'credential.json')).mode & 0o777).toBe(0o600);
    const serverKey = fake.nodes.get(credential.nodeId)!.publicKey;
    const signature = sign(null, Buffer.from('proof'), credential.privateKeyPem);
    expect(verify(null, Buffer.from('proof'), serverKey, signature)).toBe(true);
    expect(
      createPublicKey(credential.privateKeyPem)
        .export({ type: 'spki', format: 'der' })
        .toString('base64'),
    ).toBe(credential.publicKey);
  });

  it.each([
    ['an unknown token', 'bjn_nope', 'gate-01', 'join_token_invalid'],
    ['a token for another node', 'TOKEN', 'gate-02', 'join_token_other_node'],
  ])(
    'refuses %s with the server’s code and detail, and stores nothing',
    async (_name, tokenName, node, code) => {
      fake = await FakeControlPlane.start();
      const token = tokenName === 'TOKEN' ? fake.addToken('gate-01') : tokenName;
      const error = await join1(fake.url, token, { node }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JoinRefusedError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message.length).toBeGreaterThan(5);
      expect(await (await StateStore.open(dir)).loadCredential()).toBeUndefined();
    },
  );

  it('refuses a token used twice (409 join_token_used)', async () => {
    fake = await FakeControlPlane.start();
    const token = fake.addToken('gate-01');
    await join1(fake.url, token);
    rmSync(join(dir, 'credential.json'));
    await expect(join1(fake.url, token)).rejects.toMatchObject({
      status: 409,
      code: 'join_token_used',
    });
  });

  it('will not join a state directory twice', async () => {
    fake = await FakeControlPlane.start();
    await join1(fake.url, fake.addToken('gate-01'));
    await expect(join1(fake.url, fake.addToken('gate-01'))).rejects.toBeInstanceOf(
      AlreadyJoinedError,
    );
  });

  it('says the server is unreachable when nothing listens', async () => {
    const port = await freeLocalPort();
    await expect(join1(`http://127.0.0.1:${port}`, 'bjn_x')).rejects.toBeInstanceOf(
      ServerUnreachableError,
    );
  });

  describe.skipIf(!hasOpenssl())('over TLS with a pinned fingerprint (R3)', () => {
    it('joins a server with a self-signed certificate that matches, and keeps the pin', async () => {
      const cert = createSelfSignedCert();
      fake = await FakeControlPlane.start({ tls: cert });
      const credential = await join1(fake.url, fake.addToken('gate-01'), {
        fingerprint: cert.fingerprint,
      });
      expect(credential.fingerprint).toBe(cert.fingerprint);
      expect(JSON.parse(readFileSync(join(dir, 'credential.json'), 'utf8')).fingerprint).toBe(
        cert.fingerprint,
      );
    });

    it('aborts before sending the token when the certificate differs', async () => {
      const cert = createSelfSignedCert();
      fake = await FakeControlPlane.start({ tls: cert });
      const token = fake.addToken('gate-01');
      const wrong = createSelfSignedCert().fingerprint;
      await expect(join1(fake.url, token, { fingerprint: wrong })).rejects.toBeInstanceOf(
        FingerprintMismatchError,
      );
      expect(fake.httpRequests).toBe(0);
      expect(fake.tokens.get(token)?.used).toBe(false);
    });
  });
});
