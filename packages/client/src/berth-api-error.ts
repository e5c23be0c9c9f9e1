import type { Problem } from '@berth/spec';

/**
 * The server answered, but not with success. Carries the HTTP `status` and the parsed
 * RFC 9457 `problem`; when the body was not a problem (a proxy's HTML page, an empty
 * body) the problem is synthesised from the status, with code `unexpected_response`.
 */
export class BerthApiError extends Error {
  override readonly name = 'BerthApiError';
  readonly status: number;

  constructor(
    readonly problem: Problem,
    readonly request: { method: string; url: string },
  ) {
    super(problem.detail);
    this.status = problem.status;
  }

  /** The stable machine-readable reason, e.g. `not_found` or `password_change_required`. */
  get code(): string {
    return this.problem.code;
  }
}

/**
 * Builds the problem of a failed answer from its status, content type and body text.
 * Never throws: anything that is not a well-formed problem becomes a synthetic one.
 */
export function problemFromResponse(
  status: number,
  statusText: string,
  contentType: string | null,
  body: string,
): Problem {
  if (contentType && /json/i.test(contentType)) {
    const parsed = safeJsonParse(body);
    if (isProblem(parsed)) return parsed;
  }
  const reason = statusText ? `${status} ${statusText}` : String(status);
  return {
    type: 'about:blank',
    title: statusText || 'Unexpected response',
    status,
    detail: `The server answered ${reason} without a problem description${snippet(body)}`,
    code: 'unexpected_response',
  };
}

/**
 * The fields every problem has, checked by hand: with the spec's zod schema here, every
 * page of the web console had to load zod and all of the spec's schemas to read an error.
 */
function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.type === 'string' &&
    typeof p.title === 'string' &&
    Number.isInteger(p.status) &&
    typeof p.detail === 'string' &&
    typeof p.code === 'string' &&
    (p.requestId === undefined || typeof p.requestId === 'string') &&
    (p.errors === undefined ||
      (Array.isArray(p.errors) &&
        p.errors.every(
          (e) =>
            typeof e === 'object' &&
            e !== null &&
            typeof (e as { path?: unknown }).path === 'string' &&
            typeof (e as { message?: unknown }).message === 'string',
        )))
  );
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snippet(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  return `: ${text.length > 120 ? `${text.slice(0, 120)}…` : text}`;
}
