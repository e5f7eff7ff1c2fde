import { DomainError } from '@app/core';

export type DividendsErrorCode =
  | 'PLAN_NOT_FOUND'
  | 'PLAN_EXISTS'
  | 'PLAN_STATE'
  | 'PLAN_NOT_PUBLISHED'
  | 'NOTICE_NOT_ENDED'
  | 'PLAN_INVALID'
  | 'PLAN_EXCEEDS_DISTRIBUTABLE'
  | 'RESERVE_BELOW_MINIMUM'
  | 'INVALID_AMOUNT'
  | 'RECORD_DATE_INVALID'
  | 'NO_HOLDINGS'
  | 'BATCH_NOT_FOUND'
  | 'BATCH_STATE'
  | 'BATCH_STALE'
  | 'NOTHING_TO_PAY'
  | 'STATEMENT_NOT_FOUND'
  | 'LEDGER_NOT_FOUND';

export const dividendsError = (code: DividendsErrorCode, message: string, status = 400, details?: unknown) => new DomainError(code, message, status, details);
