import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ensureRequestId } from '../context/request-context.js';
import { DomainError } from './domain-error.js';
import { ErrorCode } from './error-codes.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

const HTTP_CODES: Record<number, string> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** Database errors our own triggers raise carry "CODE: message" (SQLSTATE P0001); the code maps to 4xx. */
const TRIGGER_ERROR = /^([A-Z][A-Z0-9_]+): (.*)$/s;

/** Maps every failure to SPEC §5's error body. Unknown failures are 500 and logged, never leaked. */
export function toErrorBody(exception: unknown, requestId: string): ErrorBody {
  // Express middleware errors (our body parser's, the hostile-input check's) reach the filter wrapped
  // by Nest's Express adapter in an HttpException whose cause is the original error.
  if (exception instanceof HttpException && exception.cause instanceof DomainError) exception = exception.cause;
  if (exception instanceof DomainError) {
    return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details, requestId };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const cause = exception.cause as { type?: string } | undefined;
    if (status === 400 && (cause instanceof SyntaxError || cause?.type === 'entity.parse.failed')) {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'Request body is not valid JSON', requestId };
    }
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message).join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, code: HTTP_CODES[status] ?? `HTTP_${status}`, message, requestId };
  }
  const err = exception as { type?: string; status?: number; code?: string; driverError?: { code?: string; message?: string; constraint?: string; detail?: string }; constraint?: string; detail?: string; message?: string };
  if (err?.type === 'entity.parse.failed') {
    return { statusCode: 400, code: 'MALFORMED_JSON', message: 'Request body is not valid JSON', requestId };
  }
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    return { statusCode: err.status, code: HTTP_CODES[err.status] ?? `HTTP_${err.status}`, message: err.message ?? 'Bad request', requestId };
  }
  const pgCode = err?.driverError?.code ?? err?.code;
  const pgMessage = err?.driverError?.message ?? err?.message ?? '';
  if (pgCode === 'P0001') {
    const match = TRIGGER_ERROR.exec(pgMessage);
    if (match) return { statusCode: 409, code: match[1], message: match[2], requestId };
  }
  if (pgCode === '23503') {
    const constraint = err.driverError?.constraint ?? err.constraint;
    // "insert or update … violates": the input names something that is not there (in this organization);
    // "update or delete … still referenced": the change would orphan a record that points here.
    if (/still referenced/.test(err.driverError?.detail ?? err.detail ?? '') || /^update or delete/.test(pgMessage)) {
      return { statusCode: 409, code: ErrorCode.CONFLICT, message: 'The record is still referenced', details: { constraint }, requestId };
    }
    return { statusCode: 400, code: ErrorCode.REFERENCE_NOT_FOUND, message: 'A referenced record does not exist in this organization', details: { constraint }, requestId };
  }
  // Class 22 (data exception: a value PostgreSQL cannot store or convert) is bad input, not a fault.
  if (pgCode === '22021') return { statusCode: 400, code: ErrorCode.INVALID_CHARACTER, message: 'Input contains a character that cannot be stored', requestId };
  if (pgCode === '22007' || pgCode === '22008') return { statusCode: 400, code: ErrorCode.INVALID_DATE, message: 'Input contains an invalid date', requestId };
  if (typeof pgCode === 'string' && pgCode.startsWith('22')) return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: 'Input contains a value that cannot be stored', requestId };
  if (pgCode === '23505') return { statusCode: 409, code: ErrorCode.CONFLICT, message: 'A record with the same key already exists', requestId };
  if (pgCode === '23514') return { statusCode: 409, code: 'CONSTRAINT_VIOLATION', message: 'The change breaks a rule of the books', requestId };
  return { statusCode: 500, code: ErrorCode.INTERNAL, message: 'Internal error', requestId };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = toErrorBody(exception, ensureRequestId(req as never));
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'request failed');
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}
