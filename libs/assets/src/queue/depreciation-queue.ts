import { orgJobId } from '@app/core';
import type { OrgJobData } from '@app/core';

/** The assets context's queue `assets`: one job per (organization, ledger, month) depreciation run. */
export const ASSETS_QUEUE = 'assets';

/** Deterministic: a double click or a retry enqueues the month once; the unique key refuses a second run anyway. */
export const depreciationJobId = (orgId: string, ledgerId: string, period: string): string => orgJobId(orgId, 'depreciation', `${ledgerId}.${period}`);

export interface DepreciationJobData extends OrgJobData {
  ledgerId: string;
  period: string;
  units: { assetId: string; units: string }[];
}
