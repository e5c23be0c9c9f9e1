import type { FieldError, Problem } from '@berth/spec';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { scrubTokens } from '../auth/tokens.js';
import {
  BadRequestError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InputError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  TooManyRequestsError,
  UnauthenticatedError,
} from '../errors.js';
import { RequestValidationError } from './validation.js';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  428: 'Precondition required',
  415: 'Unsupported media type',
  422: 'Invalid request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problemOf(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; requestId?: string } = {},
): Problem {
  return {
    type: `https://berth.dev/problems/${code.replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

function summarise(errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => `${e.path || '(body)'} ${e.message}`);
  const more = errors.length > 3 ? `, and ${errors.length - 3} more` : '';
  const noun = errors.length === 1 ? 'problem' : 'problems';
  return `The request has ${errors.length} ${noun}: ${shown.join('; ')}${more}`;
}

function statusOfDomainError(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof InputError) return 422;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof PreconditionFailedError) return 412;
  if (error instanceof PreconditionRequiredError) return 428;
  if (error instanceof TooManyRequestsError) return 429;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof BadRequestError) return 400;
  return 400;
}

/** Fastify's own errors, by code: what to tell the caller. Never echoes the body. */
function fromFastifyError(error: FastifyError, bodyLimit: number): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemOf(415, 'unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemOf(
        413,
        'payload_too_large',
        `The body is larger than the limit of ${bodyLimit} bytes`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemOf(
        400,
        'empty_body',
        'The Content-Type is application/json but the body is empty',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemOf(400, 'malformed_json', 'The body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemOf(400, 'bad_content_length', 'The Content-Length does not match the body');
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    // secure-json-parse refusing __proto__ / constructor keys
    return problemOf(
      400,
      'malformed_json',
      'The body is not acceptable JSON (it has a forbidden key)',
    );
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return problemOf(error.statusCode, 'bad_request', 'The request could not be understood');
  }
  return undefined;
}

/**
 * The one place where errors become HTTP answers (RFC 9457 problem+json). Domain errors
 * keep their message and code; validation failures list each field; anything unexpected
 * is logged with the request id and answered with an opaque 500 that quotes the id.
 */
export function errorHandler(bodyLimit: number) {
  return function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    let problem: Problem;
    if (error instanceof RequestValidationError) {
      const errors = error.fieldErrors();
      problem = problemOf(422, 'validation_failed', summarise(errors), { errors });
    } else if (error instanceof DomainError) {
      const status = statusOfDomainError(error);
      const errors =
        (error instanceof InputError ||
          error instanceof ConflictError ||
          error instanceof ForbiddenError) &&
        error.errors.length > 0
          ? error.errors
          : undefined;
      problem = problemOf(status, error.code, error.message, errors ? { errors } : {});
      if (error instanceof TooManyRequestsError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
      }
      if (error instanceof UnauthenticatedError) reply.header('www-authenticate', 'Bearer');
    } else {
      const known = fromFastifyError(error, bodyLimit);
      if (known) problem = known;
      else {
        request.log.error({ err: error }, 'unexpected error');
        problem = problemOf(
          500,
          'internal_error',
          `Something went wrong on the server; quote request id ${request.id} when reporting it`,
        );
      }
    }
    problem.requestId = request.id;
    return reply.status(problem.status).type('application/problem+json').send(problem);
  };
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = scrubTokens(request.url.split('?')[0] ?? '').slice(0, 200);
  const problem = problemOf(404, 'route_not_found', `No route ${request.method} ${path}`);
  problem.requestId = request.id;
  return reply.status(404).type('application/problem+json').send(problem);
}
