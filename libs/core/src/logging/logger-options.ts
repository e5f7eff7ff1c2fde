import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import { pino, type Logger as PinoLogger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
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

/** One JSON line per request with its request id; the URL is masked, bodies are never logged. */
export function createHttpLogger(logger: PinoLogger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => ensureRequestId(req as never),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
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
