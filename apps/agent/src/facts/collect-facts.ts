import { readFile, statfs } from 'node:fs/promises';
import { arch, cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import type { NodeFacts } from '@berth/spec';
import { normalizeArch } from './normalize-arch.js';
import { parseOsRelease } from './parse-os-release.js';
import { type EngineProbe, probeEngine } from './probe-engine.js';

export interface CollectFactsOptions {
  /** Its file system's size is the disk reported. */
  stateDir: string;
  agentVersion: string;
  /** Sockets to probe (see `engineSockets`); empty or `engine: 'none'` reports none. */
  engineSockets: string[];
  engine: 'auto' | 'none';
  osReleasePath?: string;
}

/**
 * What the agent tells the server about its host at join and at every connection.
 * Values are clipped to the protocol's limits (`nodeFacts`), so a strange host never
 * makes the hello invalid. Never throws: unknown values are reported as such.
 */
export async function collectFacts(options: CollectFactsOptions): Promise<NodeFacts> {
  const [os, diskMi, engine] = await Promise.all([
    readOsName(options.osReleasePath ?? '/etc/os-release'),
    diskSizeMi(options.stateDir),
    options.engine === 'none'
      ? Promise.resolve<EngineProbe>({ kind: 'none', version: null })
      : probeEngine(options.engineSockets),
  ]);
  return {
    arch: normalizeArch(arch()).slice(0, 32),
    os: os.slice(0, 64),
    kernel: release().slice(0, 128),
    hostname: hostname().slice(0, 253),
    cpus: Math.min(cpus().length, 4096),
    memoryMi: Math.floor(totalmem() / 1024 / 1024),
    diskMi,
    engine: { kind: engine.kind, version: engine.version },
    agentVersion: options.agentVersion.slice(0, 64),
    addresses: hostAddresses(),
  };
}

async function readOsName(path: string): Promise<string> {
  try {
    return parseOsRelease(await readFile(path, 'utf8')) ?? process.platform;
  } catch {
    return process.platform;
  }
}

async function diskSizeMi(path: string): Promise<number> {
  try {
    const info = await statfs(path);
    return Math.floor((info.blocks * info.bsize) / 1024 / 1024);
  } catch {
    return 0;
  }
}

/** Non-internal IPv4 and IPv6 addresses, without link-local IPv6 (useless off-link). */
export function hostAddresses(): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal || entry.address.startsWith('fe80:')) continue;
      addresses.push(entry.address.slice(0, 64));
    }
  }
  return addresses.slice(0, 64);
}
