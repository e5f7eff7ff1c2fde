import { ErrorCode } from './error-codes.js';

/** A failure the caller can act on: carries a stable code and the HTTP status the global filter sends. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code: ErrorCode = ErrorCode.NOT_FOUND) {
    super(code, `${what} not found`, 404);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this action') {
    super(ErrorCode.FORBIDDEN, message, 403);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(details: { field: string; problems: string[] }[], code: ErrorCode = ErrorCode.VALIDATION_FAILED) {
    super(code, `Invalid input: ${details.map((d) => d.field).join(', ')}`, 400, details);
  }
}
