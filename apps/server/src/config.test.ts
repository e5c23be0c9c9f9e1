import { describe, expect, it } from 'vitest';
import { ConfigError, configHelp, loadConfig } from './config.js';

function problems(env: Record<string, string>, argv: string[] = []): string[] {
  try {
    loadConfig(env, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe(loadConfig, () => {
  it('defaults to the embedded database on 127.0.0.1:7700 in ./.berth', () => {
    const c = loadConfig({}, []);
    expect(c).toMatchObject({
      port: 7700,
      host: '127.0.0.1',
      logLevel: 'info',
      bodyLimit: 1_048_576,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\/\.berth$/);
    expect(c.publicUrl).toBe('http://127.0.0.1:7700');
    expect(c.consoleDir).toMatch(/\/apps\/console\/dist$/);
  });

  it('takes the light app package limit in MiB, 64 unless set, and refuses nonsense by name', () => {
    expect(loadConfig({}, []).packageLimitMi).toBe(64);
    expect(loadConfig({ BERTH_PACKAGE_LIMIT_MI: '16' }, []).packageLimitMi).toBe(16);
    expect(loadConfig({}, ['--package-limit-mi', '200']).packageLimitMi).toBe(200);
    expect(problems({ BERTH_PACKAGE_LIMIT_MI: 'lots' })).toEqual([
      expect.stringContaining('BERTH_PACKAGE_LIMIT_MI'),
    ]);
  });

  it('lets flags override environment variables', () => {
    const c = loadConfig({ BERTH_PORT: '8000', BERTH_HOST: '0.0.0.0' }, ['--port', '9000']);
    expect(c.port).toBe(9000);
    expect(c.publicUrl).toBe('http://localhost:9000');
  });

  it('lists every problem, naming the variable and its flag', () => {
    const found = problems({
      BERTH_PORT: 'abc',
      BERTH_LOG_LEVEL: 'loud',
      BERTH_TRUST_PROXY: 'maybe',
    });
    expect(found).toHaveLength(3);
    expect(found[0]).toBe('BERTH_PORT (or --port): must be a number (got "abc")');
    expect(found.join('\n')).toContain('BERTH_LOG_LEVEL (or --log-level)');
    expect(found.join('\n')).toContain('BERTH_TRUST_PROXY');
  });

  it('never repeats a secret value in an error', () => {
    const found = problems({
      DATABASE_URL: 'mysql://root:hunter2@db',
      BERTH_ADMIN_PASSWORD: 'short',
    });
    expect(found).toHaveLength(2);
    expect(found.join('\n')).not.toMatch(/hunter2|short"/);
    expect(found[0]).toContain('DATABASE_URL');
  });

  it('reads every setting it validates (no setting is silently ignored)', () => {
    const c = loadConfig(
      {
        BERTH_LOCAL_AGENT: '0',
        BERTH_JOIN_TOKEN_TTL_HOURS: '2',
        BERTH_TLS_CERT: '/etc/berth/cert.pem',
        BERTH_TLS_KEY: '/etc/berth/key.pem',
        BERTH_TRUST_PROXY: 'true',
        BERTH_SESSION_TTL_HOURS: '3',
        BERTH_BODY_LIMIT: '2048',
        BERTH_PUBLIC_URL: 'https://berth.example.com/',
        BERTH_LOG_LEVEL: 'debug',
        BERTH_CONSOLE_DIR: '/srv/berth-console',
      },
      [],
    );
    expect(c).toMatchObject({
      localAgent: false,
      joinTokenTtlHours: 2,
      tlsCert: '/etc/berth/cert.pem',
      tlsKey: '/etc/berth/key.pem',
      trustProxy: true,
      sessionTtlHours: 3,
      bodyLimit: 2048,
      publicUrl: 'https://berth.example.com',
      logLevel: 'debug',
      consoleDir: '/srv/berth-console',
    });
  });

  it('refuses a TLS certificate without its key', () => {
    expect(problems({ BERTH_TLS_CERT: '/c.pem' })[0]).toContain('set both, or neither');
  });

  it('refuses an unknown flag', () => {
    expect(problems({}, ['--prot', '1'])[0]).toContain("'--prot'");
  });

  it('documents every setting in --help', () => {
    const help = configHelp();
    for (const name of [
      'BERTH_PORT',
      'BERTH_DATA_DIR',
      'DATABASE_URL',
      'BERTH_MASTER_KEY',
      'BERTH_ADMIN_PASSWORD',
    ]) {
      expect(help).toContain(name);
    }
  });
});
