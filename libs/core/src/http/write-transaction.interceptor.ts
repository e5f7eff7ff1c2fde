import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { canonicalJson } from '../canonical-json.js';
import { RequestContext } from '../context/request-context.js';
import { INSTALLATION_SCOPE } from '../context/scope.js';
import { UUID } from './uuid.js';
import { TransactionRunner } from '../db/transaction-runner.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IdempotencyRepository } from '../idempotency/idempotency.repository.js';
import { NO_TRANSACTION_KEY } from './route-metadata.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

/**
 * Every mutating request is one database transaction (SPEC §3.7): the handler's writes, its audit
 * rows and the Idempotency-Key all commit together or not at all. Serialization failures and
 * deadlocks re-run the whole handler. A failed request stores no key, so a retry runs afresh.
 */
@Injectable()
export class WriteTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly idempotency: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const skip = this.reflector.getAllAndOverride<boolean>(NO_TRANSACTION_KEY, [context.getHandler(), context.getClass()]);
    if (!MUTATING.has(req.method) || skip) return next.handle();

    const rawKey = req.headers['idempotency-key'];
    const key = typeof rawKey === 'string' ? rawKey : undefined;
    if (key !== undefined && !KEY_FORMAT.test(key)) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 1-200 printable ASCII characters', 400);
    }
    const orgId = typeof req.params?.orgId === 'string' && UUID.test(req.params.orgId) ? req.params.orgId : INSTALLATION_SCOPE;
    const userId = RequestContext.principal()?.userId;

    return from(
      this.tx.run(async () => {
        if (key !== undefined && userId) {
          const requestHash = createHash('sha256')
            .update(`${req.method} ${req.originalUrl.split('?')[0]}\n${canonicalJson(req.body ?? null)}`)
            .digest('hex');
          const claimed = await this.idempotency.claim(orgId, key, userId, requestHash);
          if (!claimed) {
            const stored = await this.idempotency.find(orgId, key);
            if (!stored || stored.userId !== userId || stored.requestHash !== requestHash || stored.statusCode === null) {
              throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different request', 422);
            }
            res.status(stored.statusCode);
            res.setHeader('Idempotent-Replayed', 'true');
            return stored.responseBody === null || stored.responseBody === '' ? undefined : JSON.parse(stored.responseBody);
          }
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.idempotency.complete(orgId, key, res.statusCode, result === undefined ? '' : JSON.stringify(result));
          return result;
        }
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      }),
    );
  }
}
