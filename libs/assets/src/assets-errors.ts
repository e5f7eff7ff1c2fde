import { DomainError } from '@app/core';

/** Stable codes of the fixed assets and resources (SPEC §8). */
export type AssetsErrorCode =
  /** No such card in this organization (and ledger). */
  | 'ASSET_NOT_FOUND'
  /** Another card of the organization has this card number. */
  | 'CARD_NO_TAKEN'
  /** The change would rewrite a month whose depreciation is posted (also the database's guard). */
  | 'ASSET_MONTH_POSTED'
  /** The card is disposed: no further disposal or change. */
  | 'ASSET_DISPOSED'
  /** The acquisition names neither a voucher to link nor an account to credit, or both. */
  | 'ACQUISITION_INVALID'
  /** The linked acquisition voucher is not a posted voucher of this ledger. */
  | 'SOURCE_VOUCHER_INVALID'
  /** A units-of-production card without total units, or a straight-line card with them. */
  | 'UNITS_INVALID'
  /** A month's workload names a card that is not a units-of-production card due that month, or names one twice. */
  | 'WORKLOAD_INVALID'
  /** The month's depreciation is already posted (a preview is for a month not yet run). */
  | 'DEPRECIATION_MONTH_RUN'
  /** The month's run is out of order (an earlier month is missing, or a later one is posted). */
  | 'DEPRECIATION_OUT_OF_ORDER'
  /** No such resource. */
  | 'RESOURCE_NOT_FOUND'
  /** Another resource of the organization has this number. */
  | 'RESOURCE_NUMBER_TAKEN';

export const assetsError = (code: AssetsErrorCode, message: string, status: number, details?: unknown) => new DomainError(code, message, status, details);
