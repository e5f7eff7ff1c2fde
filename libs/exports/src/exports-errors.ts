import { DomainError } from '@app/core';

/** Stable codes of the queued exports (SPEC §5). */
export type ExportsErrorCode =
  /** No such export job for this organization and ledger (also: another organization's job). */
  | 'EXPORT_NOT_FOUND'
  /** The job is waiting or running: poll GET /jobs/{jobId} and download when it has completed. */
  | 'EXPORT_NOT_READY'
  /** The job failed for good; request the export again. */
  | 'EXPORT_FAILED'
  /** The job completed but its file is no longer in the export directory; request the export again. */
  | 'EXPORT_FILE_GONE';

export const exportsError = (code: ExportsErrorCode, message: string, status: number, details?: unknown) => new DomainError(code, message, status, details);
