import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { FingerprintMismatchError, ServerUnreachableError } from '../agent-errors.js';
import { pinnedConnect } from '../tls/pinned-connect.js';

/** An HTTP answer with its body parsed as JSON (or kept as text when it is not JSON). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface PostJsonOptions {
  /** Pins the server's certificate (https only); see `pinnedConnect`. */
  fingerprint?: string;
  timeoutMs?: number;
  userAgent?: string;
}

const maxResponseBytes = 1024 * 1024;

/**
 * POSTs `body` as JSON and resolves to the status and the parsed answer, whatever the
 * status. Rejects with FingerprintMismatchError when the pinned certificate differs
 * (before anything is sent), and with ServerUnreachableError when the server cannot be
 * reached, times out, or answers more than 1 MiB.
 */
export function postJson(
  url: URL,
  body: unknown,
  options: PostJsonOptions = {},
): Promise<JsonResponse> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const payload = Buffer.from(JSON.stringify(body));
  const secure = url.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': payload.length,
        accept: 'application/json, application/problem+json',
        ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
      },
      timeout: timeoutMs,
      // One request: no pooled keep-alive socket left behind. With a pin there is no
      // agent at all (an agent would ignore createConnection).
      ...(secure && options.fingerprint
        ? { createConnection: pinnedConnect(options.fingerprint, timeoutMs) as never }
        : { agent: false }),
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => reject(asTransportError(error, url)));
    req.on('response', (res) => {
      readBody(res).then(
        (text) => resolve({ status: res.statusCode ?? 0, body: parseJson(text) }),
        (error: Error) => reject(asTransportError(error, url)),
      );
    });
    req.end(payload);
  });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxResponseBytes) {
        res.destroy(new Error(`the answer is larger than ${maxResponseBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function asTransportError(error: Error, url: URL): Error {
  if (error instanceof FingerprintMismatchError) return error;
  return new ServerUnreachableError(`cannot reach ${url.origin}: ${error.message}`, {
    cause: error,
  });
}
