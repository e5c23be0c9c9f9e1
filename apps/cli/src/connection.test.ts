import { describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import { type GlobalOptions, resolveConnection } from './connection.js';

const config: Config = {
  currentContext: 'lab',
  contexts: [
    { name: 'lab', server: 'http://lab:7700', username: 'admin', token: 'lab-token' },
    {
      name: 'prod',
      server: 'https://berth.example.com',
      username: 'ops',
      token: 'prod-token',
      account: 'acme',
    },
  ],
};
const flags = (extra: Partial<GlobalOptions> = {}): GlobalOptions => ({
  output: 'table',
  ...extra,
});

describe(resolveConnection, () => {
  it('uses the current context by default', () => {
    expect(resolveConnection(flags(), config, {})).toMatchObject({
      server: 'http://lab:7700',
      token: 'lab-token',
      account: undefined,
      context: { name: 'lab' },
    });
  });

  it('uses the context that --context names, with its account', () => {
    expect(resolveConnection(flags({ context: 'prod' }), config, {})).toMatchObject({
      server: 'https://berth.example.com',
      token: 'prod-token',
      account: 'acme',
    });
  });

  it('lets --account, --token and BERTH_TOKEN override the context', () => {
    const resolved = resolveConnection(flags({ account: 'other' }), config, { token: 'env' });
    expect(resolved).toMatchObject({ token: 'env', account: 'other' });
    expect(resolveConnection(flags({ token: 'flag' }), config, { token: 'env' }).token).toBe(
      'flag',
    );
  });

  it('finds the context of the server that --server names', () => {
    const resolved = resolveConnection(flags({ server: 'https://berth.example.com/' }), config, {});
    expect(resolved).toMatchObject({ token: 'prod-token', context: { name: 'prod' } });
  });

  it("never sends a context's token to another server", () => {
    expect(() =>
      resolveConnection(flags({ server: 'https://evil.example.com' }), config, {}),
    ).toThrow(/Not signed in to https:\/\/evil.example.com/);
    expect(() =>
      resolveConnection(flags({ context: 'lab', server: 'https://berth.example.com' }), config, {}),
    ).toThrow(/Not signed in/);
  });

  it('works with BERTH_SERVER and BERTH_TOKEN alone, without a config file', () => {
    const resolved = resolveConnection(
      flags(),
      { contexts: [] },
      { server: 'http://ci:7700', token: 't' },
    );
    expect(resolved).toMatchObject({ server: 'http://ci:7700', token: 't', context: undefined });
  });

  it('says "not signed in" (exit 3) without a server or a token', () => {
    expect(() => resolveConnection(flags(), { contexts: [] }, {})).toThrow(
      expect.objectContaining({ exitCode: 3, code: 'not_signed_in' }),
    );
  });

  it('refuses an unknown --context (exit 5) and a bad --server (exit 2)', () => {
    expect(() => resolveConnection(flags({ context: 'nope' }), config, {})).toThrow(
      expect.objectContaining({ exitCode: 5 }),
    );
    expect(() => resolveConnection(flags({ server: 'lab:7700' }), config, {})).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });
});
