/** Stable, machine-readable error codes (SPEC §5). Clients switch on these; never rename one. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_CURSOR: 'INVALID_CURSOR',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  INVALID_CREDIT_CODE: 'INVALID_CREDIT_CODE',
  INVALID_ID_NUMBER: 'INVALID_ID_NUMBER',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ORG_NOT_FOUND: 'ORG_NOT_FOUND',
  ORG_CODE_TAKEN: 'ORG_CODE_TAKEN',
  ORG_PARENT_INVALID: 'ORG_PARENT_INVALID',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  GRANT_INVALID: 'GRANT_INVALID',
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_INVALID: 'IDEMPOTENCY_KEY_INVALID',
  RATE_LIMITED: 'RATE_LIMITED',
  CONFLICT: 'CONFLICT',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A string with a control character (other than tab/newline), a non-character or a lone surrogate. */
  INVALID_CHARACTER: 'INVALID_CHARACTER',
  /** A JSON body nested deeper than MAX_JSON_DEPTH. */
  BODY_TOO_DEEP: 'BODY_TOO_DEEP',
  /** Not a calendar date (YYYY-MM-DD) or month (YYYY-MM). */
  INVALID_DATE: 'INVALID_DATE',
  /** A reference (foreign key) to a record that does not exist in this organization. */
  REFERENCE_NOT_FOUND: 'REFERENCE_NOT_FOUND',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});
