import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { LoggerOptions } from 'pino';
import { scrubTokens } from '../auth/tokens.js';

/**
 * Structured logs (pino, JSON lines on stdout). Secrets must never reach a log line:
 * requests are logged by a serializer that keeps method, path and ids only (no headers,
 * no query values of sensitive names, never a body), and `redact` censors the usual
 * secret-bearing keys wherever a log call passes an object.
 */
export const redactedPaths = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'secret',
  'authorization',
  'cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

const sensitiveQuery = /^(token|access_token|password|secret|key|signature|code)$/i;

/** The URL with tokens and the values of sensitive query parameters replaced. */
export function safeUrl(raw: string): string {
  const url = scrubTokens(raw);
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) {
    if (sensitiveQuery.test(key)) params.set(key, '[redacted]');
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req(req: IncomingMessage & { id?: string; ip?: string }) {
        return { method: req.method, url: safeUrl(req.url ?? ''), ip: req.ip };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it is sane (for tracing across hops), else makes one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
}

/**
 * One access-log line per request, when it completes (Fastify's default is two), with
 * the method, the safe path, the status and the time taken.
 */
export class AccessLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request.raw }, 'incoming request');
  }
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      req: request.raw,
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request completed');
  }
}
