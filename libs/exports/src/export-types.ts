import { DomainError, ErrorCode } from '@app/core';
import type { OrgJobData } from '@app/core';

/** What an export wrote: posted vouchers and their journal lines (opening balances not counted). */
export interface ExportStats {
  vouchers: number;
  lines: number;
}

/** Called after each batch with the vouchers written so far and the total to write. */
export type ExportProgress = (done: number, total: number) => Promise<void> | void;

export const EXPORT_FORMATS = ['gbt24589', 'journal'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One export, as validated: a fiscal year for the GB/T package, a range of months for the journal. */
export type ExportSpec = { format: 'gbt24589'; year: string } | { format: 'journal'; from?: string; to?: string };

/** A job on the `exports` queue. */
export type ExportJobData = OrgJobData & { ledgerId: string } & ExportSpec;

/** The job's return value (GET /jobs/{id} shows it as `result`). */
export interface ExportJobResult extends ExportStats {
  format: ExportFormat;
  bytes: number;
  ms: number;
}

export const EXPORT_MEDIA: Record<ExportFormat, { contentType: string; extension: string }> = {
  gbt24589: { contentType: 'application/zip', extension: 'zip' },
  journal: { contentType: 'text/plain; charset=utf-8', extension: 'journal' },
};

/** The download's file name, as the synchronous routes name it. */
export function exportFileName(spec: ExportSpec): string {
  return spec.format === 'gbt24589' ? `gbt24589-${spec.year}.zip` : 'books.journal';
}

/**
 * The fiscal year of a GB/T package: `year`, or the year of `to` (else `from`), as the synchronous
 * route has always accepted; 400 VALIDATION_FAILED without one.
 */
export function gbtYear(q: { year?: string; from?: string; to?: string }): string {
  const year = q.year ?? (q.to ?? q.from ?? '').slice(0, 4);
  if (!/^\d{4}$/.test(year)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'year (YYYY) is required', 400, [{ field: 'year', problems: ['year must be YYYY'] }]);
  return year;
}
