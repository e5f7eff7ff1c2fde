import { DomainError } from '@app/core';

/** Stable codes of the share register (SPEC §5). */
export type SharesErrorCode =
  | 'SHAREHOLDER_NOT_FOUND'
  | 'SHAREHOLDER_NUMBER_TAKEN'
  | 'ID_NUMBER_TAKEN'
  | 'INVALID_ID_NUMBER'
  | 'HOUSEHOLD_NOT_FOUND'
  | 'HOUSEHOLD_CODE_TAKEN'
  | 'HOUSEHOLD_INVALID'
  | 'SHARE_CLASS_NOT_FOUND'
  | 'SHARE_CLASS_EXISTS'
  | 'INVALID_QUANTITY'
  | 'INVALID_AMOUNT'
  | 'SHARE_EVENT_INVALID'
  | 'NOT_TRANSFERABLE'
  | 'NOT_GIFTABLE'
  | 'NOT_REDEEMABLE'
  | 'NOT_PROJECT_CLASS'
  | 'RECEIVER_NOT_MEMBER'
  | 'HOLDER_NOT_ACTIVE'
  | 'INSUFFICIENT_SHARES'
  | 'SHARES_FROZEN'
  | 'INHERITANCE_FROM_LIVING'
  | 'INHERITANCE_INCOMPLETE'
  | 'FRACTIONS_INVALID'
  | 'EFFECTIVE_DATE_INVALID'
  | 'SHARE_EVENT_NOT_FOUND'
  | 'SHARE_EVENT_STATE'
  | 'SELF_APPROVAL'
  | 'NOTICE_NOT_ENDED'
  | 'NOT_YET_EFFECTIVE'
  | 'ALREADY_CORRECTED'
  | 'LEDGER_NOT_FOUND';

export const sharesError = (code: SharesErrorCode, message: string, status = 400, details?: unknown) => new DomainError(code, message, status, details);
