import { z } from 'zod';
import { specLimits } from './spec-limits.js';

/**
 * The one place where the spellings of container security settings become canonical
 * (R15). A policy can only be checked against one spelling: `cap_sys_admin` and
 * `SYS_ADMIN` are the same capability, `/dev/../etc/` and `/etc` the same host path, and
 * a check that compared strings as written would let the first of each through. The spec
 * and the account policy both parse through here, so what is stored, diffed, hashed and
 * checked is always the canonical form. Pure: no I/O (symlinks are the host's business;
 * the agent refuses bind sources that resolve elsewhere).
 */

/** Linux capabilities (capabilities(7)), without the `CAP_` prefix. */
export const linuxCapabilities = [
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYSLOG',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'WAKE_ALARM',
] as const;

/** Every capability at once: `ALL` in a spec asks for it, in a policy allows any. */
export const allCapabilities = 'ALL';

export type Canonical<T> = { ok: true; value: T } | { ok: false; message: string };

const known = new Set<string>([allCapabilities, ...linuxCapabilities]);

/**
 * `SYS_ADMIN`, `CAP_SYS_ADMIN`, `cap_sys_admin`, ` sys_admin ` → `SYS_ADMIN`; `all` → `ALL`.
 * Anything else is refused with the list of known names.
 */
export function canonicalCapability(input: string): Canonical<string> {
  const name = input.trim().toUpperCase().replace(/^CAP_/, '');
  if (known.has(name)) return { ok: true, value: name };
  return {
    ok: false,
    message: `is not a Linux capability: write one of ${allCapabilities}, ${linuxCapabilities.join(', ')} (the CAP_ prefix and the case do not matter)`,
  };
}

/** A path segment on the host: no `:` (it separates the parts of a device mapping). */
const hostSegment = /^[A-Za-z0-9._~@%+=,][A-Za-z0-9._~@%+=,-]*$/;

/**
 * A host path in its one spelling: absolute, `.` and empty segments dropped, `..`
 * resolved as the kernel would (`/..` is `/`), no trailing slash. `/dev//../etc/` →
 * `/etc`. Refused: relative paths, NUL, whitespace, `:`, a segment starting with `-`.
 */
export function canonicalHostPath(input: string): Canonical<string> {
  if (input.length > specLimits.pathLength)
    return { ok: false, message: `must be at most ${specLimits.pathLength} characters` };
  if (input.includes('\0')) return { ok: false, message: 'must not contain NUL characters' };
  if (/\s/.test(input)) return { ok: false, message: 'must not contain whitespace' };
  if (!input.startsWith('/'))
    return { ok: false, message: 'must be an absolute path on the host (start with "/")' };
  const kept: string[] = [];
  for (const segment of input.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else if (!hostSegment.test(segment))
      return {
        ok: false,
        message: segment.startsWith('-')
          ? 'must not have a segment starting with "-" (it could read as a command-line flag)'
          : 'may only contain letters, digits and . _ ~ @ % + = , - between "/"',
      };
    else kept.push(segment);
  }
  return { ok: true, value: `/${kept.join('/')}` };
}

/** A host device given to a container. */
export interface DeviceMapping {
  /** Canonical host path (`/dev/ttyUSB0`). */
  hostPath: string;
  /** Canonical path inside the container; the host path when not written. */
  containerPath: string;
  /** Cgroup permissions, a non-empty subset of `rwm` in that order. */
  permissions: string;
}

const deviceForm = 'must be HOST[:CONTAINER][:PERMISSIONS], e.g. "/dev/ttyUSB0:/dev/ttyS0:rw"';

function canonicalPermissions(input: string): string | undefined {
  if (input === '' || !/^[rwm]+$/.test(input) || new Set(input).size !== input.length)
    return undefined;
  return ['r', 'w', 'm'].filter((c) => input.includes(c)).join('');
}

/**
 * A device in any of the engine's spellings — `HOST`, `HOST:CONTAINER`, `HOST:PERMS`,
 * `HOST:CONTAINER:PERMS` — with both paths canonical and the permissions in `rwm` order
 * (`rwm` when not written).
 */
export function canonicalDevice(input: string): Canonical<DeviceMapping> {
  const parts = input.split(':');
  if (parts.length > 3) return { ok: false, message: deviceForm };
  const [hostPart = '', second, third] = parts;
  const host = canonicalHostPath(hostPart);
  if (!host.ok) return { ok: false, message: `the host path ${host.message}` };
  if (host.value === '/') return { ok: false, message: 'must name a device, not "/"' };
  let containerPart = second;
  let permissionPart = third;
  // `HOST:rw`: a second part that is not a path is the permissions, as the engines read it.
  if (parts.length === 2 && second !== undefined && !second.startsWith('/')) {
    containerPart = undefined;
    permissionPart = second;
  }
  let containerPath = host.value;
  if (containerPart !== undefined) {
    const container = canonicalHostPath(containerPart);
    if (!container.ok) return { ok: false, message: `the container path ${container.message}` };
    if (container.value === '/') return { ok: false, message: 'must not map a device onto "/"' };
    containerPath = container.value;
  }
  const permissions = permissionPart === undefined ? 'rwm' : canonicalPermissions(permissionPart);
  if (permissions === undefined)
    return { ok: false, message: `${deviceForm}; PERMISSIONS is one or more of r, w, m` };
  return { ok: true, value: { hostPath: host.value, containerPath, permissions } };
}

/** The canonical spelling of a device: always `HOST:CONTAINER:PERMS`. */
export function formatDevice(device: DeviceMapping): string {
  return `${device.hostPath}:${device.containerPath}:${device.permissions}`;
}

/**
 * Whether a canonical path is an allowed prefix or below it, segment by segment:
 * `/dev/serial` covers `/dev/serial/by-id/x` but not `/dev/serial1`, and `/dev/ttyUSB0`
 * covers only itself — a string prefix would let `/dev/ttyUSB` allow `/dev/ttyUSB0`.
 */
export function pathWithin(path: string, prefix: string): boolean {
  if (prefix === '/') return path.startsWith('/');
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * A zod string that parses through a canonicaliser and keeps its canonical value. A codec
 * rather than a transform: the server's response serializer encodes what it answers,
 * and a canonical value encodes as itself (it parses back to the same value).
 */
function canonicalString(max: number, parse: (input: string) => Canonical<string>) {
  const written = z.string().max(max, { error: `must be at most ${max} characters`, abort: true });
  return z.codec(written, z.string(), {
    decode: (input, payload) => {
      const result = parse(input);
      if (result.ok) return result.value;
      payload.issues.push({ code: 'custom', message: result.message, input });
      return z.NEVER;
    },
    encode: (canonical) => canonical,
  });
}

/** A capability in any spelling; parses to the canonical name. */
export const capabilityName = canonicalString(64, canonicalCapability).meta({
  description: 'A Linux capability such as NET_ADMIN (CAP_ prefix and case optional), or ALL',
});

/** A host path in any spelling; parses to the canonical path. */
export const hostPath = canonicalString(specLimits.pathLength, canonicalHostPath).meta({
  description: 'An absolute path on the host; `..`, `//` and a trailing `/` are resolved',
});

/** A device in any spelling; parses to the canonical `HOST:CONTAINER:PERMS`. */
export const deviceSpelling = canonicalString(2 * specLimits.pathLength + 8, (input) => {
  const device = canonicalDevice(input);
  return device.ok ? { ok: true, value: formatDevice(device.value) } : device;
}).meta({ description: 'A host device: HOST[:CONTAINER][:PERMISSIONS], e.g. /dev/ttyUSB0:rw' });
