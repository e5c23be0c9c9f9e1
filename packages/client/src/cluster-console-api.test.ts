import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
import { fakeServer, jsonAnswer, problemAnswer, requestLines } from './testing/fake-server.js';

describe('client.components and client.consoleUsers', () => {
  it('lists, gets and initialises components, sending the hosts only when named', async () => {
    const { client, seen } = fakeServer(() => jsonAnswer(200, { items: [], nextCursor: null }));

    await client.components.list('plant');
    await client.components.get('plant', 'mqtt-broker');
    await client.components.initialise('plant', 'mqtt-broker');
    await client.components.initialise('plant', 'monitoring', ['box-01']);

    expect(requestLines(seen)).toEqual([
      'GET http://berth.test/api/v1/clusters/plant/components',
      'GET http://berth.test/api/v1/clusters/plant/components/mqtt-broker',
      'POST http://berth.test/api/v1/clusters/plant/components/mqtt-broker/initialise',
      'POST http://berth.test/api/v1/clusters/plant/components/monitoring/initialise',
    ]);
    expect(seen[2]?.body).toEqual({});
    expect(seen[3]?.body).toEqual({ nodes: ['box-01'] });
  });

  it('manages console users and asks for login-free sessions, encoding names', async () => {
    const { client, seen } = fakeServer((s) =>
      s.method === 'DELETE' ? new Response(null, { status: 204 }) : jsonAnswer(200, {}),
    );

    await client.consoleUsers.list('plant', { limit: 5 });
    await client.consoleUsers.create('plant', {
      username: 'wang',
      password: 'a long passphrase',
      mobile: '13800138000',
    });
    await client.consoleUsers.update('plant', 'wang', { mobile: '13900139000' });
    await client.consoleUsers.delete('plant', 'a/b');
    await client.consoleUsers.loginFree('plant', '+86 138 0013 8000');

    expect(requestLines(seen)).toEqual([
      'GET http://berth.test/api/v1/clusters/plant/console/users?limit=5',
      'POST http://berth.test/api/v1/clusters/plant/console/users',
      'PUT http://berth.test/api/v1/clusters/plant/console/users/wang',
      'DELETE http://berth.test/api/v1/clusters/plant/console/users/a%2Fb',
      'POST http://berth.test/api/v1/clusters/plant/console/login-free',
    ]);
    expect(seen[4]?.body).toEqual({ mobile: '+86 138 0013 8000' });
  });

  it('throws the problem of a refused mobile number, with its code', async () => {
    const { client } = fakeServer(() => problemAnswer(409, 'mobile_taken'));
    const error = await client.consoleUsers
      .create('plant', { username: 'li', password: 'a long passphrase', mobile: '13800138000' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(BerthApiError);
    expect(error).toMatchObject({ status: 409, code: 'mobile_taken' });
  });
});
