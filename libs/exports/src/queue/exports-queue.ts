import { orgJobId } from '@app/core';

/** The auditor exports' queue `exports`: one export file per job. */
export const EXPORTS_QUEUE = 'exports';

/** Never stale: the audit chain head moves with every audited write (README, "Export job ids are never stale"). */
export const exportJobId = (orgId: string, ledgerId: string, format: string, range: string, auditHead: string): string =>
  orgJobId(orgId, 'export', `${ledgerId}.${format}.${range}.a${auditHead}`);
