import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import { pino, type Logger as PinoLogger } from 'pino';
import { ensureRequestId, RequestContext } from '../context/request-context.js';

/** Fields that never reach a log line: credentials, tokens, ID numbers (身份证), bank accounts. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'accessToken',
  'token',
  'idNumber',
  'bankAccount',
  '*.password',
  '*.accessToken',
  '*.token',
  '*.idNumber',
  '*.bankAccount',
];

/** 18-character ID numbers anywhere in a URL (e.g. a search) are masked like on screen. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:token|access_token|password)=)[^&]*/gi, '$1[redacted]')
    .replace(/(\d{6})\d{8}(\d{3}[\dXx])/g, '$1********$2');
}

export function createRootLogger(level: string, stream?: NodeJS.WritableStream): PinoLogger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return stream ? pino(options, stream as pino.DestinationStream) : pino(options);
}

type HttpLogger = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * One JSON line per request with its request id, once the answer is sent; the URL is masked, bodies
 * are never logged. (Was pino-http, whose per-request child logger and serializers cost ~0.8 ms of
 * CPU a request even with logging silent — about a tenth of a posting request; nothing read req.log.)
 */
export function createHttpLogger(logger: PinoLogger): HttpLogger {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      logger[level](
        { req: { id: ensureRequestId(req as never), method: req.method, url: redactUrl(req.url ?? '') }, res: { statusCode: res.statusCode }, responseTime },
        level === 'error' ? 'request errored' : 'request completed',
      );
    });
    next();
  };
}

/**
 * Nest's logger interface over pino, so framework and application messages share the JSON format,
 * redaction and the current request id. (nestjs-pino is CommonJS and cannot load ESM-only Nest 12
 * under jest's module system; this is the part of it we need.)
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const requestId = RequestContext.requestId() ?? undefined;
    if (message instanceof Error) this.logger[level]({ err: message, context, requestId }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...message, context, requestId });
    else this.logger[level]({ context, requestId }, String(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
}
