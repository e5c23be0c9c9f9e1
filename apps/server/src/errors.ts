import type { FieldError } from '@berth/spec';

/**
 * Domain errors: what use-cases throw. Each carries a stable `code` that clients may
 * branch on, and a `message` written for the person who will read it. Only
 * `http/problem.ts` turns them into HTTP answers, so use-cases know nothing of HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** The thing does not exist, or exists in an account the caller cannot see. */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/**
 * The request conflicts with the current state (a duplicate name, an immutable object).
 * `errors` point at the fields of the request that collide, when there are such.
 */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly code: string = 'conflict',
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The input is well-formed but breaks a rule; `errors` point at the fields. */
export class InputError extends DomainError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** No or bad credentials. */
export class UnauthenticatedError extends DomainError {
  constructor(
    message: string,
    readonly code: string = 'unauthenticated',
  ) {
    super(message);
  }
}

/** Authenticated, but not allowed; `errors` point at the fields refused, when there are any. */
export class ForbiddenError extends DomainError {
  constructor(
    message: string,
    readonly code: string = 'forbidden',
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The caller's copy is stale (If-Match did not match). */
export class PreconditionFailedError extends DomainError {
  readonly code = 'precondition_failed';
}

/** A conditional write was sent without its condition (If-Match). */
export class PreconditionRequiredError extends DomainError {
  readonly code = 'precondition_required';
}

/** The body is larger than the route accepts (an upload). */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly code: string = 'too_many_requests',
  ) {
    super(message);
  }
}

/** The request is not something this server can act on (a missing choice, a bad header). */
export class BadRequestError extends DomainError {
  constructor(
    message: string,
    readonly code: string = 'bad_request',
  ) {
    super(message);
  }
}
