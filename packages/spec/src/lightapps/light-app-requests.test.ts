import { describe, expect, it } from 'vitest';
import { createLightAppRequest, lightAppConfig, lightAppName } from './light-app-requests.js';

describe('light app names (domain §8)', () => {
  it('takes 4–32 letters, digits and underscores', () => {
    for (const ok of ['temp', 'Temp_Sensor_2', 'a'.repeat(32)])
      expect(lightAppName.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['abc', 'a'.repeat(33), 'temp-sensor', 'temp sensor', '$(x)y'])
      expect(lightAppName.safeParse(bad).success, bad).toBe(false);
  });
});

describe('createLightAppRequest', () => {
  it('requires an arch for C, at `arch`', () => {
    const r = createLightAppRequest.safeParse({ name: 'blink', language: 'c' });
    expect(r.error?.issues[0]?.path).toEqual(['arch']);
    expect(
      createLightAppRequest.safeParse({ name: 'blink', language: 'c', arch: 'armv7' }).success,
    ).toBe(true);
  });

  it('refuses an arch for interpreted languages and unknown arches', () => {
    const r = createLightAppRequest.safeParse({
      name: 'blink',
      language: 'python',
      arch: 'x86_64',
    });
    expect(r.error?.issues[0]?.path).toEqual(['arch']);
    expect(
      createLightAppRequest.safeParse({ name: 'blink', language: 'c', arch: 'mips' }).success,
    ).toBe(false);
  });
});

describe('lightAppConfig', () => {
  const base = { entry: 'main.py', memoryMi: 64, cpuMillis: 200 };

  it('fills args, env and run mode with defaults', () => {
    expect(lightAppConfig.parse(base)).toEqual({
      ...base,
      args: [],
      env: {},
      run: { mode: 'always' },
    });
  });

  it('refuses an entry outside the package', () => {
    for (const entry of ['/bin/sh', '../x.py', 'a/../../x', 'a\\b'])
      expect(lightAppConfig.safeParse({ ...base, entry }).error?.issues[0]?.path, entry).toEqual([
        'entry',
      ]);
  });

  it('keeps shell text in args and env as literals (R14)', () => {
    const args = ['$(reboot)', '`id`', 'a;b', 'line\nbreak', '--flag'];
    const parsed = lightAppConfig.parse({ ...base, args, env: { X: '$(id)' } });
    expect(parsed.args).toEqual(args);
    expect(parsed.env).toEqual({ X: '$(id)' });
  });

  it('refuses env names a shell would not accept, and NUL bytes', () => {
    expect(lightAppConfig.safeParse({ ...base, env: { '1X': 'a' } }).success).toBe(false);
    expect(lightAppConfig.safeParse({ ...base, env: { 'A;B': 'a' } }).success).toBe(false);
    expect(lightAppConfig.safeParse({ ...base, args: ['a\0b'] }).success).toBe(false);
  });

  it('validates the schedule of a scheduled program at run.schedule', () => {
    const bad = lightAppConfig.safeParse({
      ...base,
      run: { mode: 'scheduled', schedule: '61 * * * *' },
    });
    expect(bad.error?.issues[0]?.path).toEqual(['run', 'schedule']);
    expect(
      lightAppConfig.safeParse({ ...base, run: { mode: 'scheduled', schedule: '*/10 * * * *' } })
        .success,
    ).toBe(true);
  });
});
