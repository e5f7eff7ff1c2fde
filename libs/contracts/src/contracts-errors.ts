import { DomainError } from '@app/core';

export type ContractsErrorCode =
  | 'CONTRACT_NOT_FOUND'
  | 'CONTRACT_INVALID'
  | 'CONTRACT_TERM_INVALID'
  | 'CONTRACT_STATE'
  | 'CONTRACT_ALREADY_RENEWED'
  | 'INVALID_ID_NUMBER'
  | 'INVALID_CREDIT_CODE'
  | 'INVALID_AMOUNT'
  | 'RECEIPT_EXCEEDS_DUE'
  | 'NOTHING_DUE'
  | 'DEPOSIT_STATE'
  | 'LEDGER_NOT_FOUND'
  | 'TRADE_NOT_FOUND'
  | 'TRADE_CLOSED'
  | 'BIDDER_NOT_FOUND'
  | 'BID_BELOW_RESERVE'
  | 'BID_TOO_LOW'
  | 'NO_BIDS';

export const contractsError = (code: ContractsErrorCode, message: string, status = 400, details?: unknown) => new DomainError(code, message, status, details);
