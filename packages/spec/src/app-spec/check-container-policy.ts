import type { AppSpec } from './app-spec-schema.js';
import {
  allCapabilities,
  canonicalCapability,
  canonicalDevice,
  canonicalHostPath,
  pathWithin,
} from './container-security.js';
import type { SpecError } from './spec-issues.js';
import { formatPath, type PathKey } from './spec-path.js';

/**
 * What the platform admin allows an account's containers beyond the defaults (R15). The
 * default allows nothing. Capabilities may include `ALL` (any capability); `devices` and
 * `hostPaths` are canonical path prefixes, matched segment by segment (`pathWithin`).
 */
export interface ContainerPolicy {
  privileged: boolean;
  hostPID: boolean;
  capabilities: string[];
  devices: string[];
  hostPaths: string[];
}

/** The policy of an account nobody has allowed anything. */
export const noContainerPolicy: ContainerPolicy = {
  privileged: false,
  hostPID: false,
  capabilities: [],
  devices: [],
  hostPaths: [],
};

const ask = 'the platform admin must allow it in the account’s container policy';

/**
 * Every setting of a valid spec that the policy does not allow, each at the path of the
 * field that asks for it (`nodes[1].security.capabilities[0]`), with a message that names
 * the canonical value. `[]`: the spec may run. Each value is canonicalised again before it
 * is compared — the check must not depend on the caller having parsed the spec — and one
 * that does not parse is refused. Pure.
 */
export function checkContainerPolicy(spec: AppSpec, policy: ContainerPolicy): SpecError[] {
  const errors: SpecError[] = [];
  const refuse = (path: PathKey[], message: string) =>
    errors.push({ path: formatPath(path), message });
  const capabilities = new Set(policy.capabilities.map(canonicalOrSelf));
  const anyCapability = capabilities.has(allCapabilities);
  (spec.nodes ?? []).forEach((node, i) => {
    if (node.kind !== 'custom' && node.kind !== 'init') return;
    const at: PathKey[] = ['nodes', i, 'security'];
    const security = node.security;
    if (security?.privileged && !policy.privileged)
      refuse([...at, 'privileged'], `a privileged container is not allowed: ${ask}`);
    if (security?.hostPID && !policy.hostPID)
      refuse([...at, 'hostPID'], `the host's process namespace is not allowed: ${ask}`);
    (security?.capabilities ?? []).forEach((written, j) => {
      const parsed = canonicalCapability(written);
      if (!parsed.ok) refuse([...at, 'capabilities', j], parsed.message);
      else if (!anyCapability && !capabilities.has(parsed.value))
        refuse([...at, 'capabilities', j], `capability ${parsed.value} is not allowed: ${ask}`);
    });
    (security?.devices ?? []).forEach((written, j) => {
      const parsed = canonicalDevice(written);
      if (!parsed.ok) refuse([...at, 'devices', j], parsed.message);
      else if (!allowedPath(parsed.value.hostPath, policy.devices))
        refuse([...at, 'devices', j], `device ${parsed.value.hostPath} is not allowed: ${ask}`);
    });
    (node.volumes ?? []).forEach((volume, j) => {
      if (volume.hostPath === undefined) return;
      const parsed = canonicalHostPath(volume.hostPath);
      const path: PathKey[] = ['nodes', i, 'volumes', j, 'hostPath'];
      if (!parsed.ok) refuse(path, parsed.message);
      else if (!allowedPath(parsed.value, policy.hostPaths))
        refuse(path, `host path ${parsed.value} is not allowed: ${ask}`);
    });
  });
  return errors;
}

/** A prefix the policy lists, in canonical form; one that does not parse allows nothing. */
function allowedPath(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => {
    const parsed = canonicalHostPath(prefix);
    return parsed.ok && pathWithin(path, parsed.value);
  });
}

function canonicalOrSelf(capability: string): string {
  const parsed = canonicalCapability(capability);
  return parsed.ok ? parsed.value : `invalid:${capability}`;
}
