import { DomainError } from '@app/core';

/** Stable codes of supervision (SPEC §5). The database triggers raise BUDGET_LOCKED and PACK_IMMUTABLE. */
export type SupervisionErrorCode =
  | 'LEDGER_NOT_PUBLIC'
  | 'BUDGET_NOT_FOUND'
  | 'BUDGET_EXISTS'
  | 'BUDGET_STATE'
  | 'BUDGET_LOCKED'
  | 'BUDGET_INVALID'
  | 'NOT_A_TOWN'
  | 'THRESHOLD_UNKNOWN'
  | 'THRESHOLD_INVALID'
  | 'WARNING_NOT_FOUND'
  | 'WARNING_STATE'
  | 'PACK_NOT_FOUND'
  | 'PACK_LINE_NOT_FOUND'
  | 'PACK_IMMUTABLE'
  | 'OBJECTION_NOT_FOUND'
  | 'OBJECTION_ANSWERED';

export const supervisionError = (code: SupervisionErrorCode, message: string, status = 400, details?: unknown) => new DomainError(code, message, status, details);
