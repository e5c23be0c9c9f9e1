import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCert, hasOpenssl } from '../../apps/agent/src/testing/self-signed-cert.js';
import { templates } from '../../apps/server/src/testing/templates.js';
import { runAgentCommand, tempStateDir } from '../harness/agent-process.js';
import { ServerProcess } from '../harness/server-process.js';

/**
 * R3: served over TLS with a self-signed certificate, the join command pins the server's
 * fingerprint, and an agent that meets another certificate aborts before sending its token.
 */
const openssl = hasOpenssl();
if (!openssl) {
  if (process.env.CI === 'true') throw new Error('openssl is required for the TLS tests');
  console.warn('SKIPPING the TLS join tests: install openssl (apt-get install openssl)');
}

describe.skipIf(!openssl)('joining over TLS (R3)', () => {
  let server: ServerProcess;
  let token: string;
  const certDir = join(tmpdir(), `berth-tls-${process.pid}`);
  const cert = openssl ? createSelfSignedCert() : undefined;

  beforeAll(async () => {
    // The test's own requests accept the self-signed certificate; the agent pins it.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    const { mkdirSync } = await import('node:fs');
    mkdirSync(certDir, { recursive: true });
    writeFileSync(join(certDir, 'cert.pem'), cert!.cert);
    writeFileSync(join(certDir, 'key.pem'), cert!.key, { mode: 0o600 });
    server = await ServerProcess.start({
      templates: templates(),
      embedded: true,
      https: true,
      adminPassword: 'first-start-pass',
      env: { BERTH_TLS_CERT: join(certDir, 'cert.pem'), BERTH_TLS_KEY: join(certDir, 'key.pem') },
    });
    const post = async (path: string, body: unknown, auth?: string) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return (res.status === 204 ? {} : await res.json()) as Record<string, unknown>;
    };
    const login = await post('/auth/login', { username: 'admin', password: 'first-start-pass' });
    await post(
      '/auth/password',
      { currentPassword: 'first-start-pass', newPassword: 'tls test passphrase' },
      login.token as string,
    );
    token = login.token as string;
    await post('/clusters', { name: 'secure', type: 'edge' }, token);
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(certDir, { recursive: true, force: true });
  });

  async function newNode(name: string) {
    const res = await fetch(`${server.url}/api/v1/clusters/secure/nodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name }),
    });
    return (await res.json()) as { join: { command: string; token: string } };
  }

  it('puts the certificate fingerprint in the join command, and the agent joins with it', async () => {
    const node = await newNode('tls-good');
    const pinned = /--fingerprint (sha256:[0-9A-F:]+)/.exec(node.join.command)?.[1];
    expect(pinned).toBe(`sha256:${cert!.fingerprint}`);
    const stateDir = tempStateDir();
    const res = await runAgentCommand([
      'join',
      '--server',
      server.url,
      '--node',
      'tls-good',
      '--token',
      node.join.token,
      '--fingerprint',
      pinned!,
      '--state-dir',
      stateDir,
    ]);
    expect(res.code, res.stderr).toBe(0);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('aborts before sending the token when the certificate is not the pinned one', async () => {
    const node = await newNode('tls-bad');
    const stateDir = tempStateDir();
    const wrong = `sha256:${'AB:'.repeat(31)}AB`;
    const res = await runAgentCommand([
      'join',
      '--server',
      server.url,
      '--node',
      'tls-bad',
      '--token',
      node.join.token,
      '--fingerprint',
      wrong,
      '--state-dir',
      stateDir,
    ]);
    expect(res.code).toBe(6);
    const got = await fetch(`${server.url}/api/v1/clusters/secure/nodes/tls-bad`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await got.json()) as { status: string }).status).toBe('pending');
    // The token was never spent: a correct join still works with it.
    const retry = await runAgentCommand([
      'join',
      '--server',
      server.url,
      '--node',
      'tls-bad',
      '--token',
      node.join.token,
      '--fingerprint',
      `sha256:${cert!.fingerprint}`,
      '--state-dir',
      stateDir,
    ]);
    expect(retry.code, retry.stderr).toBe(0);
    rmSync(stateDir, { recursive: true, force: true });
  });
});
