import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalCapability,
  canonicalDevice,
  canonicalHostPath,
  formatDevice,
  linuxCapabilities,
  pathWithin,
} from './container-security.js';

const value = <T>(result: { ok: true; value: T } | { ok: false; message: string }) =>
  result.ok ? result.value : `refused: ${result.message}`;

describe(canonicalCapability, () => {
  it.each([
    ['SYS_ADMIN', 'SYS_ADMIN'],
    ['CAP_SYS_ADMIN', 'SYS_ADMIN'],
    ['cap_sys_admin', 'SYS_ADMIN'],
    ['Cap_Sys_Admin', 'SYS_ADMIN'],
    [' sys_admin ', 'SYS_ADMIN'],
    ['\tCAP_NET_ADMIN\n', 'NET_ADMIN'],
    ['ALL', 'ALL'],
    ['all', 'ALL'],
    ['CAP_ALL', 'ALL'],
  ])('reads %j as %s', (input, canonical) => {
    expect(value(canonicalCapability(input))).toBe(canonical);
  });

  it.each(['SYS-ADMIN', 'sys admin', 'CAP_', '', 'CAP_CAP_SYS_ADMIN', 'NET_ADMIN;', 'ROOT'])(
    'refuses %j and lists the known names',
    (input) => {
      const result = canonicalCapability(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain('is not a Linux capability');
        expect(result.message).toContain('SYS_ADMIN');
        expect(result.message).toContain('NET_ADMIN');
      }
    },
  );

  it('knows every capability of capabilities(7) once', () => {
    expect(new Set(linuxCapabilities).size).toBe(linuxCapabilities.length);
    expect(linuxCapabilities).toHaveLength(41);
  });

  it('is idempotent on every spelling of every capability', () => {
    const spelling = fc.tuple(
      fc.constantFrom(...linuxCapabilities),
      fc.boolean(),
      fc.constantFrom('upper', 'lower', 'mixed'),
      fc.constantFrom('', ' ', '  \t'),
    );
    fc.assert(
      fc.property(spelling, ([name, prefix, casing, pad]) => {
        let text = prefix ? `CAP_${name}` : name;
        if (casing === 'lower') text = text.toLowerCase();
        if (casing === 'mixed')
          text = [...text].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('');
        const once = value(canonicalCapability(`${pad}${text}${pad}`));
        expect(once).toBe(name);
        expect(value(canonicalCapability(once))).toBe(name);
      }),
    );
  });
});

describe(canonicalHostPath, () => {
  it.each([
    ['/etc', '/etc'],
    ['/etc/', '/etc'],
    ['//etc//', '/etc'],
    ['/dev/../etc', '/etc'],
    ['/dev/./../etc/./passwd', '/etc/passwd'],
    ['/srv/data/../../etc', '/etc'],
    ['/..', '/'],
    ['/../../etc', '/etc'],
    ['/', '/'],
    ['///', '/'],
    ['/srv/scanner/.', '/srv/scanner'],
    ['/srv/...', '/srv/...'],
    ['/dev/serial/by-id/usb-FTDI_1234-if00', '/dev/serial/by-id/usb-FTDI_1234-if00'],
  ])('reads %j as %s', (input, canonical) => {
    expect(value(canonicalHostPath(input))).toBe(canonical);
  });

  it.each([
    ['etc', 'absolute'],
    ['./etc', 'absolute'],
    ['../etc', 'absolute'],
    ['', 'absolute'],
    [' /etc', 'whitespace'],
    ['/etc/pass wd', 'whitespace'],
    ['/etc\0', 'NUL'],
    ['/srv/a:b', 'may only contain'],
    ['/srv/$(id)', 'may only contain'],
    ['/srv/-rf', 'starting with "-"'],
    [`/${'a'.repeat(1100)}`, 'at most'],
  ])('refuses %j (%s)', (input, words) => {
    const result = canonicalHostPath(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });

  it('gives absolute paths without ".", "..", empty segments or a trailing "/", idempotently', () => {
    const segment = fc.constantFrom('', '.', '..', 'dev', 'etc', 'a.b', 'x-1', '...');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), fc.boolean(), (segments, slash) => {
        const input = `/${segments.join('/')}${slash ? '/' : ''}`;
        const once = value(canonicalHostPath(input));
        expect(once.startsWith('/')).toBe(true);
        const parts = once.split('/').slice(1);
        if (once !== '/')
          expect(parts.every((p) => p !== '' && p !== '.' && p !== '..')).toBe(true);
        expect(value(canonicalHostPath(once))).toBe(once);
        // The reference: resolving ".." against a stack, as the kernel does from "/".
        const stack: string[] = [];
        for (const s of segments)
          if (s === '..') stack.pop();
          else if (s && s !== '.') stack.push(s);
        expect(once).toBe(`/${stack.join('/')}`);
      }),
    );
  });
});

describe(canonicalDevice, () => {
  it.each([
    ['/dev/ttyUSB0', '/dev/ttyUSB0:/dev/ttyUSB0:rwm'],
    ['/dev/ttyUSB0:/dev/ttyS0', '/dev/ttyUSB0:/dev/ttyS0:rwm'],
    ['/dev/ttyUSB0:rw', '/dev/ttyUSB0:/dev/ttyUSB0:rw'],
    ['/dev/ttyUSB0:/dev/ttyS0:mr', '/dev/ttyUSB0:/dev/ttyS0:rm'],
    ['/dev//ttyUSB0/', '/dev/ttyUSB0:/dev/ttyUSB0:rwm'],
    ['/dev/../dev/null:/dev/./null:wr', '/dev/null:/dev/null:rw'],
    ['/dev/../etc/shadow', '/etc/shadow:/etc/shadow:rwm'],
  ])('reads %j as %s', (input, canonical) => {
    const result = canonicalDevice(input);
    expect(result.ok ? formatDevice(result.value) : result.message).toBe(canonical);
  });

  it.each([
    ['dev/ttyUSB0', 'the host path must be an absolute path'],
    ['/dev/ttyUSB0:ttyS0', 'PERMISSIONS'],
    ['/dev/ttyUSB0:/dev/ttyS0:rwx', 'PERMISSIONS'],
    ['/dev/ttyUSB0:/dev/ttyS0:rr', 'PERMISSIONS'],
    ['/dev/ttyUSB0:/dev/ttyS0:', 'PERMISSIONS'],
    ['/dev/a:/dev/b:rw:x', 'HOST[:CONTAINER]'],
    ['/', 'must name a device'],
    ['/dev/null:/', 'must not map a device onto "/"'],
    ['/dev/null:/dev/../..', 'must not map a device onto "/"'],
  ])('refuses %j', (input, words) => {
    const result = canonicalDevice(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });
});

describe(pathWithin, () => {
  it.each([
    ['/dev/serial/by-id/x', '/dev/serial', true],
    ['/dev/serial', '/dev/serial', true],
    ['/dev/serial1', '/dev/serial', false],
    ['/dev/ttyUSB0', '/dev/ttyUSB', false],
    ['/dev/ttyUSB0', '/dev/ttyUSB0', true],
    ['/dev/ttyUSB0/x', '/dev/ttyUSB0', true],
    ['/dev/ttyUSB1', '/dev/ttyUSB0', false],
    ['/etc', '/', true],
    ['/', '/', true],
    ['/', '/srv', false],
    ['/srv', '/srv/data', false],
  ])('%s within %s: %s', (path, prefix, within) => {
    expect(pathWithin(path, prefix)).toBe(within);
  });
});
