import { request } from 'node:http';

/** The container engine found on the host. */
export interface EngineProbe {
  kind: 'docker' | 'podman' | 'none';
  version: string | null;
  /** The socket that answered, when one did. */
  socketPath?: string;
}

interface VersionAnswer {
  Version?: unknown;
  Components?: Array<{ Name?: unknown; Version?: unknown }>;
}

/**
 * Asks each socket in turn for the Docker Engine API's `GET /version` and returns the
 * first that answers: `podman` when a component is "Podman Engine" (Podman serves the
 * Docker API too), else `docker`; `none` when no socket answers within `timeoutMs` each.
 * Never throws.
 */
// 3 s: Podman answers /version by asking libpod, which takes over a second on a busy host,
// and a host reported engine-less until its next reconnect gets no instances.
export async function probeEngine(sockets: string[], timeoutMs = 3000): Promise<EngineProbe> {
  for (const socketPath of sockets) {
    const answer = await getVersion(socketPath, timeoutMs);
    if (answer) return { ...classify(answer), socketPath };
  }
  return { kind: 'none', version: null };
}

function classify(answer: VersionAnswer): Omit<EngineProbe, 'socketPath'> {
  const components = Array.isArray(answer.Components) ? answer.Components : [];
  const podman = components.find((c) => c?.Name === 'Podman Engine');
  if (podman) return { kind: 'podman', version: text(podman.Version) ?? text(answer.Version) };
  return { kind: 'docker', version: text(answer.Version) };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 64) : null;
}

function getVersion(socketPath: string, timeoutMs: number): Promise<VersionAnswer | undefined> {
  return new Promise((resolve) => {
    // agent: false — a pooled keep-alive socket would outlive the probe and keep the
    // engine's connection (and an embedding process) open.
    const req = request({
      socketPath,
      path: '/version',
      method: 'GET',
      timeout: timeoutMs,
      agent: false,
    });
    let settled = false;
    const done = (value: VersionAnswer | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    // Bounds the whole exchange, not only idle time: a stuck engine must not stall start-up.
    const timer = setTimeout(() => {
      req.destroy();
      done(undefined);
    }, timeoutMs);
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(undefined));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 64 * 1024) req.destroy();
        else chunks.push(chunk);
      });
      res.on('error', () => done(undefined));
      res.on('end', () => {
        if (res.statusCode !== 200) return done(undefined);
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          done(
            typeof parsed === 'object' && parsed !== null ? (parsed as VersionAnswer) : undefined,
          );
        } catch {
          done(undefined);
        }
      });
    });
    req.end();
  });
}
