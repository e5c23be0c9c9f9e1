import { describe, expect, it } from 'vitest';
import {
  type Config,
  configPath,
  currentContext,
  newContextName,
  parseConfig,
  removeContext,
  upsertContext,
} from './config.js';

const lab = { name: 'lab', server: 'http://lab:7700', username: 'admin', token: 't1' };
const prod = { name: 'prod', server: 'https://berth.example.com', username: 'ops' };
const config: Config = { currentContext: 'lab', contexts: [lab, prod] };

describe(configPath, () => {
  it('prefers BERTH_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configPath({ BERTH_CONFIG: '/x/c.yaml', XDG_CONFIG_HOME: '/xdg' }, '/home/a')).toBe(
      '/x/c.yaml',
    );
    expect(configPath({ XDG_CONFIG_HOME: '/xdg' }, '/home/a')).toBe('/xdg/berth/config.yaml');
    expect(configPath({ XDG_CONFIG_HOME: '' }, '/home/a')).toBe(
      '/home/a/.config/berth/config.yaml',
    );
  });
});

describe(parseConfig, () => {
  it('accepts the documented shape and an empty document', () => {
    expect(parseConfig({ currentContext: 'lab', contexts: [lab] })).toEqual({
      currentContext: 'lab',
      contexts: [{ ...lab, account: undefined }],
    });
    expect(parseConfig(null)).toEqual({ contexts: [] });
  });

  it('names the first thing wrong', () => {
    expect(parseConfig([])).toBe('must be a mapping');
    expect(parseConfig({ contexts: {} })).toBe('contexts must be a list');
    expect(parseConfig({ contexts: [{ name: 'x', server: 'http://x' }] })).toBe(
      'contexts[0]: username must be a non-empty string',
    );
    expect(parseConfig({ contexts: [{ ...lab, token: 42 }] })).toBe(
      'contexts[0]: token must be a string',
    );
  });
});

describe(upsertContext, () => {
  it('replaces a context of the same name in place', () => {
    const next = upsertContext(config, { ...lab, token: 't2' });
    expect(next.contexts.map((c) => [c.name, c.token])).toEqual([
      ['lab', 't2'],
      ['prod', undefined],
    ]);
    expect(config.contexts[0]?.token).toBe('t1');
  });

  it('appends a new one', () => {
    expect(upsertContext(config, { ...prod, name: 'prod-2' }).contexts).toHaveLength(3);
  });
});

describe(removeContext, () => {
  it('leaves no current context when the current one is removed', () => {
    const next = removeContext(config, 'lab');
    expect(next.contexts.map((c) => c.name)).toEqual(['prod']);
    expect(currentContext(next)).toBeUndefined();
  });

  it('keeps the current context when another is removed', () => {
    expect(removeContext(config, 'prod').currentContext).toBe('lab');
  });
});

describe(newContextName, () => {
  it('names a context after the host, then user@host when the host is taken', () => {
    expect(newContextName(config, 'http://10.0.0.5:7700', 'admin')).toBe('10.0.0.5:7700');
    const taken = upsertContext(config, { ...lab, name: '10.0.0.5:7700' });
    expect(newContextName(taken, 'https://10.0.0.5:7700', 'ops')).toBe('ops@10.0.0.5:7700');
  });
});
