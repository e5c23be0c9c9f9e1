import { Agent, type IncomingMessage, request } from 'node:http';

/** The Docker Engine API version the agent speaks; Podman 4.3 answers 1.41. */
export const engineApiVersion = '1.41';

/** The engine answered with an HTTP error (`status` ≥ 400); `message` is the engine's. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly status: number,
    message: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Nothing answers on the socket (no engine, service stopped, wrong path). */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/** One call to the engine. `path` is without the version prefix, e.g. `/containers/json`. */
export interface EngineRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Idle time without a byte before the call fails. Default 30 s; streams: 0 = none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Told of every call before it is made (tests count the calls that change things). */
export type EngineRequestListener = (method: string, path: string) => void;

const maxJsonBytes = 32 * 1024 * 1024;

/**
 * A minimal Docker Engine API client over the engine's unix socket, on node:http.
 * Chosen over dockerode (docs/architecture.md, "The container driver"): dockerode 5 pulls in ssh2, gRPC and
 * protobuf (~28 MiB of RSS and ~2 s to load here) and cannot be bundled by esbuild
 * (ssh2's native binding), while the agent needs a dozen plain JSON endpoints.
 *
 * `json` reads a whole answer; `stream` hands back the response for the caller to read
 * (logs, pulls, exec output). Errors: `EngineUnavailableError` when nothing answers on
 * the socket, `EngineError` with the engine's status and message otherwise.
 */
export class EngineClient {
  private readonly agent: Agent;
  /** When the engine last answered anything (performance.now()), for `answeredWithin`. */
  private lastAnswerAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly socketPath: string,
    private readonly onRequest?: EngineRequestListener,
  ) {
    // Keep-alive spares a connection per call; idle sockets are unref'd by node.
    this.agent = new Agent({ keepAlive: true, maxFreeSockets: 4 });
  }

  /** Calls the engine and parses its JSON answer (undefined for an empty body). */
  async json<T>(call: EngineRequest): Promise<T> {
    const res = await this.send(call);
    this.lastAnswerAt = performance.now();
    const text = await readBody(res, maxJsonBytes);
    if ((res.statusCode ?? 0) >= 400) throw engineError(call, res.statusCode ?? 0, text);
    if (text.length === 0) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  /** Calls the engine and resolves with the response to read; throws on an error status. */
  async stream(call: EngineRequest): Promise<IncomingMessage> {
    const res = await this.send({ timeoutMs: 0, ...call });
    if ((res.statusCode ?? 0) >= 400) {
      throw engineError(call, res.statusCode ?? 0, await readBody(res, 64 * 1024));
    }
    return res;
  }

  /** True when the engine answered a call in the last `ms` milliseconds. */
  answeredWithin(ms: number): boolean {
    return performance.now() - this.lastAnswerAt <= ms;
  }

  /** True when the engine answers `GET /_ping` within `timeoutMs`. Never throws. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.json({ method: 'GET', path: '/_ping', timeoutMs });
      return true;
    } catch {
      return false;
    }
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(call: EngineRequest): Promise<IncomingMessage> {
    this.onRequest?.(call.method, call.path);
    const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
    const timeoutMs = call.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const req = request({
        socketPath: this.socketPath,
        agent: this.agent,
        method: call.method,
        path: `/v${engineApiVersion}${call.path}${queryString(call.query)}`,
        headers: {
          host: 'docker',
          ...call.headers,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
        },
        ...(call.signal ? { signal: call.signal } : {}),
      });
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () =>
          req.destroy(new Error(`${call.method} ${call.path}: no answer in ${timeoutMs} ms`)),
        );
      }
      req.on('response', (res) => {
        // The idle timeout covers the whole body of a JSON answer too.
        if (timeoutMs === 0) req.setTimeout(0);
        resolve(res);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTSOCK'].includes(error.code ?? '')) {
          reject(
            new EngineUnavailableError(
              `no container engine answers on ${this.socketPath} (${error.code})`,
            ),
          );
        } else reject(error);
      });
      req.end(payload);
    });
  }
}

function queryString(query: EngineRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Reads a response body as text, up to `limit` bytes (see `readBuffer`). */
export async function readBody(res: IncomingMessage, limit: number): Promise<string> {
  return (await readBuffer(res, limit)).toString('utf8');
}

/** Reads a response body up to `limit` bytes (more is an error: a bounded agent). */
export function readBuffer(res: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        res.destroy(new Error(`engine answer larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', reject);
    res.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function engineError(call: EngineRequest, status: number, text: string): EngineError {
  let message = text.trim();
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: keep the text
  }
  return new EngineError(
    status,
    message.slice(0, 1000) || `HTTP ${status}`,
    call.method,
    call.path,
  );
}

/** True for an engine error with one of `statuses` (e.g. 404 for "no such container"). */
export function isEngineStatus(error: unknown, ...statuses: number[]): boolean {
  return error instanceof EngineError && statuses.includes(error.status);
}
