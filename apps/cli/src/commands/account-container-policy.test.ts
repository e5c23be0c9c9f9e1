import { describe, expect, it } from 'vitest';
import { fakeServerFlags, jsonAnswer, runCliInProcess } from '../testing/run-cli-in-process.js';

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

const policy = {
  privileged: false,
  hostPID: false,
  capabilities: ['NET_ADMIN'],
  devices: ['/dev/ttyUSB0'],
  hostPaths: [],
};

describe('berth accounts container-policy', () => {
  it('shows the policy (the default subcommand)', async () => {
    const run = await berth(['accounts', 'container-policy', 'acme'], {
      answer: () => jsonAnswer(200, policy),
    });
    expect(run.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/accounts/acme/container-policy',
    });
    expect(run.stdout).toMatch(/^privileged +refused$/m);
    expect(run.stdout).toMatch(/^capabilities +NET_ADMIN$/m);
    expect(run.stdout).toMatch(/^host paths +none$/m);
  });

  it('replaces it from flags; no flag at all means nothing allowed', async () => {
    const allow = await berth(
      [
        'accounts',
        'container-policy',
        'set',
        'acme',
        '--capability',
        'cap_net_admin',
        '--device',
        '/dev/ttyUSB0',
        '-o',
        'json',
      ],
      { answer: () => jsonAnswer(200, policy) },
    );
    const none = await berth(['accounts', 'container-policy', 'set', 'acme'], {
      answer: () => jsonAnswer(200, { ...policy, capabilities: [], devices: [] }),
    });
    expect(allow.requests[0]).toMatchObject({
      method: 'PUT',
      body: {
        privileged: false,
        hostPID: false,
        capabilities: ['cap_net_admin'],
        devices: ['/dev/ttyUSB0'],
        hostPaths: [],
      },
    });
    expect(JSON.parse(allow.stdout)).toEqual(policy);
    expect(none.requests[0]?.body).toEqual({
      privileged: false,
      hostPID: false,
      capabilities: [],
      devices: [],
      hostPaths: [],
    });
  });
});
